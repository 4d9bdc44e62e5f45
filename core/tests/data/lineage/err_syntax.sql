select order_id,
  from pos.orders where
