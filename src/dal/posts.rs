//! Post reads and writes. Lists are paged in SQL and join the author in the same query,
//! so a page costs one query whatever its length.

use chrono::Utc;
use sea_orm::{
    sea_query::{Expr, ExprTrait, Func, LikeExpr},
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    JoinType, QueryFilter, QueryOrder, QuerySelect, RelationTrait, Set, SqlErr, TransactionSession,
    TransactionTrait,
};

use super::{
    dto::{EditablePost, PostDetail, PostPage, PostSummary, LATEST_POSTS, POSTS_PER_PAGE},
    session::SessionUser,
};
use crate::ids::{PostId, UserId};
use crate::{
    entities::{post, user},
    error::AppError,
    slug,
};

/// A page number as the list reads it: 1 to `paths::MAX_PAGE` (a larger one reads as
/// that, an empty page, so no offset overflows the database's integer types).
pub fn normalize_page(page: u64) -> u64 {
    page.clamp(1, crate::paths::MAX_PAGE)
}

#[derive(Debug, FromQueryResult)]
struct PostRow {
    id: PostId,
    slug: String,
    title: String,
    content: String,
    author_name: String,
    author_username: String,
    like_count: i32,
    created_at: chrono::DateTime<Utc>,
    edited_at: Option<chrono::DateTime<Utc>>,
}

impl From<PostRow> for PostSummary {
    fn from(row: PostRow) -> Self {
        PostSummary {
            slug: row.slug,
            title: row.title,
            author_name: row.author_name,
            author_username: row.author_username,
            like_count: row.like_count,
            created_at: row.created_at,
        }
    }
}

impl From<PostRow> for PostDetail {
    fn from(row: PostRow) -> Self {
        PostDetail {
            id: row.id,
            slug: row.slug,
            title: row.title,
            content: row.content,
            author_name: row.author_name,
            author_username: row.author_username,
            like_count: row.like_count,
            created_at: row.created_at,
            edited_at: row.edited_at,
        }
    }
}

/// Posts with their author's name and username, newest first.
fn select_with_author() -> sea_orm::Select<post::Entity> {
    post::Entity::find()
        .select_only()
        .columns([
            post::Column::Id,
            post::Column::Slug,
            post::Column::Title,
            post::Column::Content,
            post::Column::LikeCount,
            post::Column::CreatedAt,
            post::Column::EditedAt,
        ])
        .column_as(user::Column::Name, "author_name")
        .column_as(user::Column::Username, "author_username")
        .join(JoinType::InnerJoin, post::Relation::Author.def())
        .order_by_desc(post::Column::CreatedAt)
        .order_by_desc(post::Column::Id)
}

/// Normalizes a search as the list reads it (`paths::PostsQuery`): trimmed, cut to
/// `paths::MAX_QUERY_CHARS`.
pub fn normalize_query(query: &str) -> String {
    crate::paths::PostsQuery::new(None, Some(query)).q
}

/// Title or content contains `query`, ignoring case. `%`, `_` and `\` in the query match
/// themselves.
fn matches_search(query: &str) -> Condition {
    let escaped = query
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let pattern = format!("%{escaped}%");
    Condition::any()
        .add(
            Func::lower(Expr::col((post::Entity, post::Column::Title)))
                .like(LikeExpr::new(pattern.clone()).escape('\\')),
        )
        .add(
            Func::lower(Expr::col((post::Entity, post::Column::Content)))
                .like(LikeExpr::new(pattern).escape('\\')),
        )
}

/// One page (1-based; 0 is read as 1) of posts, newest first, optionally searched.
pub async fn list_posts<C: ConnectionTrait>(
    db: &C,
    page: u64,
    query: &str,
) -> Result<PostPage, DbErr> {
    let page = normalize_page(page);
    let query = normalize_query(query);
    let mut select = select_with_author();
    if !query.is_empty() {
        select = select.filter(matches_search(&query));
    }
    // One row more than a page tells whether an older page exists without a COUNT.
    let mut rows = select
        .offset((page - 1) * POSTS_PER_PAGE)
        .limit(POSTS_PER_PAGE + 1)
        .into_model::<PostRow>()
        .all(db)
        .await?;
    let has_older = rows.len() as u64 > POSTS_PER_PAGE;
    rows.truncate(POSTS_PER_PAGE as usize);
    Ok(PostPage {
        posts: rows.into_iter().map(PostSummary::from).collect(),
        page,
        has_older,
        query,
    })
}

/// The newest posts for the home page.
pub async fn latest_posts<C: ConnectionTrait>(db: &C) -> Result<Vec<PostSummary>, DbErr> {
    let rows = select_with_author()
        .limit(LATEST_POSTS)
        .into_model::<PostRow>()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(PostSummary::from).collect())
}

/// A post by its slug, with its author.
pub async fn find_by_slug<C: ConnectionTrait>(
    db: &C,
    slug: &str,
) -> Result<Option<PostDetail>, DbErr> {
    let row = select_with_author()
        .filter(post::Column::Slug.eq(slug))
        .into_model::<PostRow>()
        .one(db)
        .await?;
    Ok(row.map(PostDetail::from))
}

/// What a new post needs; title and content are validated by the caller.
pub struct NewPost<'a> {
    pub author_id: UserId,
    pub title: &'a str,
    pub content: &'a str,
    /// When it was written; `None` means now. The seed backdates its posts.
    pub created_at: Option<chrono::DateTime<Utc>>,
}

/// Stores a post under a slug made from its title, suffixed on collision: the next free
/// suffix is one indexed `MAX` over the posts with the same base. Two writers racing for
/// the same slug are both served: the loser of the unique index tries the next suffix.
/// Each try is its own (nested) transaction, so inside a caller's transaction a lost race
/// rolls back to a savepoint rather than spoiling the whole transaction (PostgreSQL).
pub async fn create_post<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    new: NewPost<'_>,
) -> Result<post::Model, DbErr> {
    /// Collisions a racing writer may meet before giving up (each one another writer won).
    const MAX_RETRIES: i32 = 100;
    let base = slug::slugify(new.title);
    let now = new.created_at.unwrap_or_else(Utc::now);
    let first = next_suffix(db, &base).await?;
    let mut n = first;
    loop {
        let model = post::ActiveModel {
            slug: Set(slug::with_suffix(&base, n as u32)),
            slug_base: Set(base.clone()),
            slug_n: Set(n),
            title: Set(new.title.to_string()),
            content: Set(new.content.to_string()),
            author_id: Set(new.author_id),
            like_count: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            edited_at: Set(None),
            ..Default::default()
        };
        let attempt = db.begin().await?;
        match model.insert(&attempt).await {
            Ok(model) => {
                attempt.commit().await?;
                return Ok(model);
            }
            Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                attempt.rollback().await?;
                n += 1;
                if n - first > MAX_RETRIES {
                    return Err(err);
                }
            }
            Err(err) => return Err(err),
        }
    }
}

/// The suffix a new post with slug base `base` should try first: one more than the highest
/// taken, or 1 (the bare base).
async fn next_suffix<C: ConnectionTrait>(db: &C, base: &str) -> Result<i32, DbErr> {
    let highest: Option<Option<i32>> = post::Entity::find()
        .select_only()
        .expr(Expr::col(post::Column::SlugN).max())
        .filter(post::Column::SlugBase.eq(base))
        .into_tuple()
        .one(db)
        .await?;
    Ok(highest.flatten().map_or(1, |n| n + 1))
}

/// How many posts the database holds.
pub async fn count<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    post::Entity::find().count(db).await
}

/// A user's own posts, newest first, with their like counts.
pub async fn posts_by_author<C: ConnectionTrait>(
    db: &C,
    author_id: UserId,
) -> Result<Vec<PostSummary>, DbErr> {
    let rows = select_with_author()
        .filter(post::Column::AuthorId.eq(author_id))
        .limit(100)
        .into_model::<PostRow>()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(PostSummary::from).collect())
}

/// A post's id, author and slug: what deciding who may change it needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostOwner {
    pub id: PostId,
    pub author_id: UserId,
    pub slug: String,
}

impl PostOwner {
    /// The rule for changing a post (editing, deleting): its author or an admin.
    pub fn may_be_changed_by(&self, viewer: &SessionUser) -> bool {
        self.author_id == viewer.user_id || viewer.is_admin()
    }
}

/// Said to someone changing a post that is neither theirs nor theirs to moderate.
pub const NOT_YOURS: &str = "Only the author or an admin can change this post.";
/// Said when the post is gone.
pub const NO_SUCH_POST: &str = "This post does not exist.";

/// The owner of post `id` if `viewer` may change it: 404 when there is no such post, 403
/// when it is not theirs to change.
pub async fn owner_for_change<C: ConnectionTrait>(
    db: &C,
    viewer: &SessionUser,
    id: PostId,
) -> Result<PostOwner, AppError> {
    allowed_to_change(owner(db, id).await?, viewer)
}

/// The owner of the post at `slug` if `viewer` may change it (the rule of
/// [`owner_for_change`]).
pub async fn owner_for_change_by_slug<C: ConnectionTrait>(
    db: &C,
    viewer: &SessionUser,
    slug: &str,
) -> Result<PostOwner, AppError> {
    allowed_to_change(owner_by_slug(db, slug).await?, viewer)
}

fn allowed_to_change(
    owner: Option<PostOwner>,
    viewer: &SessionUser,
) -> Result<PostOwner, AppError> {
    let owner = owner.ok_or_else(|| AppError::not_found(NO_SUCH_POST))?;
    if !owner.may_be_changed_by(viewer) {
        tracing::warn!(
            user_id = viewer.user_id.0,
            post_id = owner.id.0,
            "refused to change another user's post"
        );
        return Err(AppError::forbidden(NOT_YOURS));
    }
    Ok(owner)
}

/// The owner of the post matching `condition`, if any.
async fn owner_where<C: ConnectionTrait>(
    db: &C,
    condition: Condition,
) -> Result<Option<PostOwner>, DbErr> {
    let row: Option<(PostId, UserId, String)> = post::Entity::find()
        .select_only()
        .column(post::Column::Id)
        .column(post::Column::AuthorId)
        .column(post::Column::Slug)
        .filter(condition)
        .into_tuple()
        .one(db)
        .await?;
    Ok(row.map(|(id, author_id, slug)| PostOwner {
        id,
        author_id,
        slug,
    }))
}

/// The owner of post `id`.
pub async fn owner<C: ConnectionTrait>(db: &C, id: PostId) -> Result<Option<PostOwner>, DbErr> {
    owner_where(db, Condition::all().add(post::Column::Id.eq(id))).await
}

/// The owner of the post at `slug`.
pub async fn owner_by_slug<C: ConnectionTrait>(
    db: &C,
    slug: &str,
) -> Result<Option<PostOwner>, DbErr> {
    owner_where(db, Condition::all().add(post::Column::Slug.eq(slug))).await
}

/// Deletes post `id` as `viewer` (its likes go with it, by the foreign key), under the rule
/// of [`owner_for_change`]; returns what was deleted.
pub async fn delete_post<C: ConnectionTrait>(
    db: &C,
    viewer: &SessionUser,
    id: PostId,
) -> Result<PostOwner, AppError> {
    let owner = owner_for_change(db, viewer, id).await?;
    post::Entity::delete_by_id(id).exec(db).await?;
    Ok(owner)
}

/// The post at `slug` as its edit form starts, for `viewer` (the rule of
/// [`owner_for_change`]: 404, or 403 for anyone but its author and admins).
pub async fn editable<C: ConnectionTrait>(
    db: &C,
    viewer: &SessionUser,
    slug: &str,
) -> Result<EditablePost, AppError> {
    let owner = owner_for_change_by_slug(db, viewer, slug).await?;
    let post = post::Entity::find_by_id(owner.id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(NO_SUCH_POST))?;
    Ok(EditablePost {
        slug: post.slug,
        title: post.title,
        content: post.content,
    })
}

/// Stores new title and content (validated by the caller) for the post at `slug` as
/// `viewer`, under the rule of [`owner_for_change`], with `now` as its edit time. The slug
/// stays, so every link to the post stays valid.
pub async fn update_post<C: ConnectionTrait>(
    db: &C,
    viewer: &SessionUser,
    slug: &str,
    title: &str,
    content: &str,
    now: chrono::DateTime<Utc>,
) -> Result<PostOwner, AppError> {
    // Run inside the caller's write transaction (`db::begin_write`), so the rule is checked
    // against the post as it is written.
    let owner = owner_for_change_by_slug(db, viewer, slug).await?;
    post::Entity::update_many()
        .col_expr(post::Column::Title, Expr::value(title))
        .col_expr(post::Column::Content, Expr::value(content))
        .col_expr(post::Column::UpdatedAt, Expr::value(now))
        .col_expr(post::Column::EditedAt, Expr::value(Some(now)))
        .filter(post::Column::Id.eq(owner.id))
        .exec(db)
        .await?;
    Ok(owner)
}
