select customer_id from pos.orders o join crm.customers c on c.customer_id = o.customer_id
