with a as (select customer_id from pos.orders), b as (select customer_id from a where customer_id > 10)
select * from b
