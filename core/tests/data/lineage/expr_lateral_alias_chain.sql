select
  quantity * unit_price as gross,
  gross * 0.2 as tax,
  gross + tax as total
from pos.order_lines
