-- dialect: snowflake
select
  store_id,
  order_id,
  ratio_to_report(amount) over (partition by store_id) as share_of_store
from pos.orders
