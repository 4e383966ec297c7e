//! The service catalogue (事项清单): browse by topic, department and audience; search in
//! Chinese and English by substring over both languages (Postgres' default text-search parser
//! cannot segment Chinese, so we match substrings and rank by trigram similarity).
use super::error::InternalError;
use portal_types::views::catalogue::{
    Audience, CatalogueFilter, Department, Facets, Material, ServiceGuide, ServiceSummary, Step,
    Topic,
};
use portal_types::Text;
use sqlx::PgPool;

/// Escapes LIKE wildcards so a user's `%` or `_` matches literally.
fn like_literal(term: &str) -> String {
    term.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn audience(value: &str) -> Audience {
    Audience::parse(value).unwrap_or(Audience::Both)
}

pub async fn search(
    pool: &PgPool,
    filter: &CatalogueFilter,
) -> Result<Vec<ServiceSummary>, InternalError> {
    let terms: Vec<String> = filter.terms().iter().map(|t| like_literal(t)).collect();
    let audience_filter = filter.audience().map(Audience::as_str);
    let rows = sqlx::query!(
        r#"
        select s.code, s.department_code, d.name_zh as dept_zh, d.name_en as dept_en, s.audience,
               s.name_zh, s.name_en, s.summary_zh, s.summary_en, s.promised_days, s.statutory_days
        from services s
        join departments d on d.code = s.department_code
        where ($1::text is null or s.department_code = $1)
          and ($2::text is null or s.audience = $2 or s.audience = 'both')
          and ($3::text is null or exists (
                select 1 from service_topics st where st.service_code = s.code and st.topic_code = $3))
          and (select bool_and(s.search_doc like '%' || t || '%') from unnest($4::text[]) t) is not false
        order by
          (select bool_and(lower(s.name_zh || ' ' || s.name_en) like '%' || t || '%') from unnest($4::text[]) t)
            desc nulls last,
          similarity(s.search_doc, array_to_string($4::text[], ' ')) desc, s.sort_order, s.code
        limit 200
        "#,
        filter.department(),
        audience_filter,
        filter.topic(),
        &terms,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ServiceSummary {
            code: r.code,
            department_code: r.department_code,
            department: Text::new(r.dept_zh, r.dept_en),
            audience: audience(&r.audience),
            name: Text::new(r.name_zh, r.name_en),
            summary: Text::new(r.summary_zh, r.summary_en),
            promised_days: r.promised_days,
            statutory_days: r.statutory_days,
        })
        .collect())
}

pub async fn facets(pool: &PgPool) -> Result<Facets, InternalError> {
    let topics = sqlx::query!(
        r#"
        select t.code, t.audience, t.name_zh, t.name_en, count(st.service_code) as "service_count!"
        from topics t left join service_topics st on st.topic_code = t.code
        group by t.code order by t.audience, t.sort_order, t.code
        "#
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| Topic {
        code: r.code,
        audience: audience(&r.audience),
        name: Text::new(r.name_zh, r.name_en),
        service_count: r.service_count,
    })
    .collect();
    let departments = sqlx::query!(
        r#"
        select d.code, d.name_zh, d.name_en, d.description_zh, d.description_en,
               count(s.code) as "service_count!"
        from departments d left join services s on s.department_code = d.code
        group by d.code order by d.sort_order, d.code
        "#
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| Department {
        code: r.code,
        name: Text::new(r.name_zh, r.name_en),
        description: Text::new(r.description_zh, r.description_en),
        service_count: r.service_count,
    })
    .collect();
    Ok(Facets {
        topics,
        departments,
    })
}

pub async fn guide(pool: &PgPool, code: &str) -> Result<Option<ServiceGuide>, InternalError> {
    let Some(s) = sqlx::query!(
        r#"
        select s.code, s.department_code, d.name_zh as dept_zh, d.name_en as dept_en, s.audience,
               s.name_zh, s.name_en, s.summary_zh, s.summary_en, s.promised_days, s.statutory_days,
               s.description_zh, s.description_en, s.legal_basis_zh, s.legal_basis_en,
               s.fee_yuan::text as "fee_yuan!", s.fee_note_zh, s.fee_note_en
        from services s join departments d on d.code = s.department_code
        where s.code = $1
        "#,
        code.trim().to_ascii_uppercase()
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let required: i16 = sqlx::query_scalar("select required_level from services where code = $1")
        .bind(&s.code)
        .fetch_one(pool)
        .await?;
    let required_level = portal_types::domain::real_name::RealNameLevel::from_number(required);
    let topics = sqlx::query!(
        r#"
        select t.code, t.audience, t.name_zh, t.name_en
        from service_topics st join topics t on t.code = st.topic_code
        where st.service_code = $1 order by t.sort_order
        "#,
        s.code
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| Topic {
        code: r.code,
        audience: audience(&r.audience),
        name: Text::new(r.name_zh, r.name_en),
        service_count: 0,
    })
    .collect();
    let materials = sqlx::query!(
        "select name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en
         from service_materials where service_code = $1 order by position",
        s.code
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| Material {
        name: Text::new(r.name_zh, r.name_en),
        form: r.form,
        copies: r.copies,
        ecert_substitutes: r.ecert_substitutes,
        note: Text::new(r.note_zh, r.note_en),
    })
    .collect();
    let steps = sqlx::query!(
        "select title_zh, title_en, detail_zh, detail_en from service_steps
         where service_code = $1 order by position",
        s.code
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| Step {
        title: Text::new(r.title_zh, r.title_en),
        detail: Text::new(r.detail_zh, r.detail_en),
    })
    .collect();
    Ok(Some(ServiceGuide {
        summary: ServiceSummary {
            code: s.code,
            department_code: s.department_code,
            department: Text::new(s.dept_zh, s.dept_en),
            audience: audience(&s.audience),
            name: Text::new(s.name_zh, s.name_en),
            summary: Text::new(s.summary_zh, s.summary_en),
            promised_days: s.promised_days,
            statutory_days: s.statutory_days,
        },
        description: Text::new(s.description_zh, s.description_en),
        legal_basis: Text::new(s.legal_basis_zh, s.legal_basis_en),
        fee_yuan: s.fee_yuan,
        fee_note: Text::new(s.fee_note_zh, s.fee_note_en),
        topics,
        materials,
        steps,
        required_level,
    }))
}

#[cfg(test)]
mod tests {
    use super::like_literal;

    #[test]
    fn like_wildcards_are_literal() {
        assert_eq!(like_literal("100%_a\\"), "100\\%\\_a\\\\");
    }
}
