-- dialect: snowflake
select order_id, array_agg(product_id) within group (order by line_no) as products
from pos.order_lines
group by order_id
