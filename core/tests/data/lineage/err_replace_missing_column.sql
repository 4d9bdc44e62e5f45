select * replace (upper(city) as city) from pos.stores
