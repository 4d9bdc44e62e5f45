select row_number() over (order by created_at) as customer_number, customer_id, name from crm.customers
