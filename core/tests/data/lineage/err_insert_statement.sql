insert into mart.customers select customer_id, name from crm.customers
