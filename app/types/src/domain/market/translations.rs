//! The marketplace's domain keys (labels of categories, terms, industries, sizes and
//! subscription states, listing problems, subscription moves and their refusals) are
//! translated in both languages (`app/locales/{zh-CN,en}/market.ftl`).
#[cfg(test)]
mod tests {
    use crate::domain::market::listing::PROBLEM_KEYS;
    use crate::domain::market::sme::{Industry, SmeSize};
    use crate::domain::market::subscription::{Move, MoveError, SubscriptionState};
    use crate::domain::market::{Category, Term};
    use crate::i18n::Locale;

    /// One move of each kind. The match has no wildcard: a new kind of move does not compile
    /// until it is listed here (and so translated).
    fn every_move() -> Vec<Move> {
        let all = vec![
            Move::Approve,
            Move::Decline,
            Move::Withdraw,
            Move::Provisioned { trial: false },
            Move::ProvisioningFailed,
            Move::RetryProvisioning,
            Move::TrialEnded,
            Move::Renew,
            Move::ChangePlan { upgrade: true },
            Move::ChangeQuantity { increase: true },
            Move::Suspend,
            Move::Reinstate,
            Move::ScheduleCancel,
            Move::UndoCancel,
            Move::CancelNow,
            Move::TermEnded,
            Move::Expire,
            Move::Close,
        ];
        for mv in &all {
            match mv {
                Move::Approve
                | Move::Decline
                | Move::Withdraw
                | Move::Provisioned { .. }
                | Move::ProvisioningFailed
                | Move::RetryProvisioning
                | Move::TrialEnded
                | Move::Renew
                | Move::ChangePlan { .. }
                | Move::ChangeQuantity { .. }
                | Move::Suspend
                | Move::Reinstate
                | Move::ScheduleCancel
                | Move::UndoCancel
                | Move::CancelNow
                | Move::TermEnded
                | Move::Expire
                | Move::Close => {}
            }
        }
        all
    }

    fn domain_keys() -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        keys.extend(Category::ALL.iter().map(|c| c.label_key().to_string()));
        keys.extend(Term::ALL.iter().map(|t| t.label_key().to_string()));
        keys.extend(Industry::ALL.iter().map(|i| i.label_key().to_string()));
        keys.extend(SmeSize::ALL.iter().map(|s| s.label_key().to_string()));
        keys.extend(
            SubscriptionState::ALL
                .iter()
                .map(|s| s.label_key().to_string()),
        );
        keys.extend(PROBLEM_KEYS.iter().map(|k| k.to_string()));
        // The subscription page names its buttons `subscription-move-<kind, kebab-case>`.
        keys.extend(
            every_move()
                .iter()
                .map(|mv| format!("subscription-move-{}", mv.kind().replace('_', "-"))),
        );
        let illegal = MoveError::Illegal {
            from: SubscriptionState::Closed,
            kind: "close",
        };
        keys.extend([MoveError::NotAllowed.key(), illegal.key()].map(String::from));
        keys
    }

    #[test]
    fn every_domain_key_is_translated_in_both_languages() {
        let keys = domain_keys();
        assert_eq!(every_move().len(), 18);
        // 12 categories, 2 terms, 16 industries, 4 sizes, 10 states, 27 problems, 18 moves, 2 refusals.
        assert!(keys.len() >= 91, "{}", keys.len());
        for key in &keys {
            assert!(Locale::ZhCn.has(key), "zh-CN lacks {key}");
            assert!(Locale::En.has(key), "en lacks {key}");
            // English falls back to Chinese: a key missing from en.ftl would still be "had".
            assert_ne!(
                Locale::En.t(key),
                Locale::ZhCn.t(key),
                "en lacks {key} (it shows the Chinese text)"
            );
        }
    }
}
