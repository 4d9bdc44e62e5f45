select count(*) as row_count, count(1) as row_count_1, count(email) as with_email from crm.customers
