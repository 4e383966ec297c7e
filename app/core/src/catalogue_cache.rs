//! A short-lived in-memory cache of catalogue reads. The catalogue changes rarely (operator
//! edits) and is read on every catalogue page, so each instance keeps answers for `TTL`;
//! an edit is visible everywhere within that time. Bounded, so odd search strings cannot grow it.
use portal_types::views::catalogue::{CatalogueFilter, Facets, ServiceSummary};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TTL: Duration = Duration::from_secs(30);
const MAX_SEARCHES: usize = 512;

type Entry<T> = (Instant, Arc<T>);

#[derive(Default)]
pub struct CatalogueCache {
    facets: Mutex<Option<Entry<Facets>>>,
    searches: Mutex<HashMap<String, Entry<Vec<ServiceSummary>>>>,
}

fn fresh<T>(entry: &Entry<T>) -> Option<Arc<T>> {
    (entry.0.elapsed() < TTL).then(|| entry.1.clone())
}

impl CatalogueCache {
    pub fn key(filter: &CatalogueFilter) -> String {
        format!(
            "{:?}|{:?}|{:?}|{:?}",
            filter.terms(),
            filter.topic(),
            filter.department(),
            filter.audience().map(|a| a.as_str())
        )
    }

    pub fn facets(&self) -> Option<Arc<Facets>> {
        self.facets.lock().ok()?.as_ref().and_then(fresh)
    }

    pub fn store_facets(&self, facets: Facets) -> Arc<Facets> {
        let facets = Arc::new(facets);
        if let Ok(mut slot) = self.facets.lock() {
            *slot = Some((Instant::now(), facets.clone()));
        }
        facets
    }

    pub fn search(&self, key: &str) -> Option<Arc<Vec<ServiceSummary>>> {
        self.searches.lock().ok()?.get(key).and_then(fresh)
    }

    pub fn store_search(
        &self,
        key: String,
        services: Vec<ServiceSummary>,
    ) -> Arc<Vec<ServiceSummary>> {
        let services = Arc::new(services);
        if let Ok(mut map) = self.searches.lock() {
            if map.len() >= MAX_SEARCHES {
                map.retain(|_, entry| entry.0.elapsed() < TTL);
                if map.len() >= MAX_SEARCHES {
                    map.clear();
                }
            }
            map.insert(key, (Instant::now(), services.clone()));
        }
        services
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_filter_hits_and_the_cache_stays_bounded() {
        let cache = CatalogueCache::default();
        let filter = CatalogueFilter {
            q: Some(" 结婚  登记 ".into()),
            ..Default::default()
        };
        let same = CatalogueFilter {
            q: Some("结婚 登记".into()),
            ..Default::default()
        };
        assert_eq!(CatalogueCache::key(&filter), CatalogueCache::key(&same));
        assert!(cache.search(&CatalogueCache::key(&filter)).is_none());
        cache.store_search(CatalogueCache::key(&filter), Vec::new());
        assert!(cache.search(&CatalogueCache::key(&same)).is_some());
        for n in 0..(MAX_SEARCHES * 2) {
            cache.store_search(format!("k{n}"), Vec::new());
        }
        assert!(cache.searches.lock().map(|m| m.len()).unwrap_or(0) <= MAX_SEARCHES);
    }
}
