select distinct country, lower(email) as email_lower from crm.customers
