select * replace (upper(name) as name, amount * 100 as amount) from crm.customers join pos.orders using (customer_id)
