select *, amount * 1.2 as amount_with_tax, current_date as loaded_on from pos.orders
