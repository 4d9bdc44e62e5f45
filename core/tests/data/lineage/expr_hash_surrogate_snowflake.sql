-- dialect: snowflake
select
  md5(concat_ws('|', coalesce(to_varchar(order_id), ''), coalesce(to_varchar(line_no), ''))) as order_line_hk,
  sha2(to_varchar(product_id), 256) as product_hk,
  current_timestamp() as load_dts,
  'pos' as record_source
from pos.order_lines
