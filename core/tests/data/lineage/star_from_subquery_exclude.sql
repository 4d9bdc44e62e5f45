select * exclude (line_no)
from (select order_id, line_no, quantity * unit_price as line_total from pos.order_lines) l
