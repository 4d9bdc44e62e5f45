-- dialect: snowflake
select top 5 customer_id, amount
from pos.orders
order by ordered_at desc
