select distinct on (customer_id) customer_id, amount from pos.orders order by customer_id, ordered_at desc
