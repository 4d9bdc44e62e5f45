-- dialect: snowflake
select store_id, order_id, amount
from pos.orders
qualify rank() over (partition by store_id order by amount desc) <= 3
