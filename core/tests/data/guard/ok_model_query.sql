-- model
select customer_id, count(*) as orders from src.src_till__orders group by customer_id
