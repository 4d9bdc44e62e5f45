select customer_id, store_id, avg(amount) as avg_amount from pos.orders group by all
