-- dialect: snowflake
select column1 as code, column2 as label from values ('A', 'Active'), ('C', 'Churned')
