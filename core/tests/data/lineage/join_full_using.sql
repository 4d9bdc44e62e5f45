select customer_id, c.name from crm.customers c full join legacy.customers l using (customer_id)
