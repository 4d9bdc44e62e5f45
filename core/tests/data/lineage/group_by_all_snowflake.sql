-- dialect: snowflake
select date_trunc('month', ordered_at) as order_month, store_id, sum(amount) as revenue
from pos.orders
group by all
