select * exclude (nope) from crm.customers
