pivot pos.orders on status using sum(amount) group by store_id
