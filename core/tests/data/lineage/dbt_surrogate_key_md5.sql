select
  md5(cast(coalesce(cast(order_id as varchar), '_dbt_utils_surrogate_key_null_') || '-' || coalesce(cast(line_no as varchar), '_dbt_utils_surrogate_key_null_') as varchar)) as order_line_key,
  order_id,
  line_no,
  quantity * unit_price as line_amount
from pos.order_lines
