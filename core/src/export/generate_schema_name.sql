{#- Build each layer in a schema of its own name (src, vin, vlt, …) and each
    source system's seeds in the system's schema, instead of dbt's default
    `<target schema>_<custom schema>`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
