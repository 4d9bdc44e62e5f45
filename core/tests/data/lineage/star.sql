select * from pos.stores
