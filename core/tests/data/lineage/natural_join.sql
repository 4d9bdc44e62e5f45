select * from pos.stores natural join pos.orders
