select store_id, count(distinct customer_id) as customers, count(*) filter (where status = 'paid') as paid_orders from pos.orders group by store_id
