select store_id, sum(amount) as revenue from pos.orders group by 3
