select * from pos.order_lines l, jaffle.raw_customers c where c.id = l.product_id
