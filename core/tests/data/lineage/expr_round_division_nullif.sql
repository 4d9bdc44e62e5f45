select
  order_id,
  line_no,
  round(unit_price * quantity / nullif(quantity, 0), 2) as unit_price_check,
  quantity * unit_price as line_total
from pos.order_lines
