select order_id, amount * 1.2 as gross, upper(status) as status_uc, amount + order_id as silly from pos.orders
