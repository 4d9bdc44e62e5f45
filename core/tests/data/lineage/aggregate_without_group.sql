select count(*) as orders, sum(amount) as revenue, min(ordered_at) as first_order_at from pos.orders
