select * from pos.orders join pos.stores using (store_id)
