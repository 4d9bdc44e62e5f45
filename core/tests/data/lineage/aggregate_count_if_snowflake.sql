-- dialect: snowflake
select customer_id, count_if(status = 'paid') as paid_orders, sum(zeroifnull(amount)) as revenue
from pos.orders
group by customer_id
