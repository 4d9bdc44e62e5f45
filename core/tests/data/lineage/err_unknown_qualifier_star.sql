select x.* from pos.orders o
