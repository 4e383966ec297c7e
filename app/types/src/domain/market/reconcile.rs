//! Reconciliation: what the portal expects a vendor's system to hold for a settled subscription
//! (every operation reported done), and how the vendor's own view may differ from it.
use super::subscription::SubscriptionState;
use serde::{Deserialize, Serialize};

/// One side's idea of a subscription.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holding {
    pub generation: i32,
    pub plan: String,
    pub quantity: i32,
    /// `active`, `suspended` or `cancelled` (the protocol's words).
    pub status: String,
}

/// The protocol's status for a portal state (`None`: nothing the vendor should hold yet).
pub fn vendor_status(state: SubscriptionState) -> Option<&'static str> {
    use SubscriptionState as S;
    match state {
        S::Trialing | S::Active | S::CancelScheduled => Some("active"),
        S::Suspended => Some("suspended"),
        S::Terminated | S::Expired => Some("cancelled"),
        S::AwaitingApproval | S::AwaitingProvisioning | S::ProvisioningFailed | S::Closed => None,
    }
}

/// The fields in which the vendor's view differs from the portal's (`missing`: the vendor does
/// not know the subscription at all), in a fixed order.
pub fn differences(portal: &Holding, vendor: Option<&Holding>) -> Vec<&'static str> {
    let Some(vendor) = vendor else {
        return vec!["missing"];
    };
    let mut out = Vec::new();
    if vendor.generation != portal.generation {
        out.push("generation");
    }
    if vendor.plan != portal.plan {
        out.push("plan");
    }
    if vendor.quantity != portal.quantity {
        out.push("quantity");
    }
    if vendor.status != portal.status {
        out.push("status");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holding(generation: i32, plan: &str, quantity: i32, status: &str) -> Holding {
        Holding {
            generation,
            plan: plan.into(),
            quantity,
            status: status.into(),
        }
    }

    #[test]
    fn agreeing_views_have_no_difference_and_each_field_is_named() {
        let portal = holding(3, "pro", 5, "active");
        assert!(differences(&portal, Some(&portal.clone())).is_empty());
        assert_eq!(differences(&portal, None), ["missing"]);
        assert_eq!(
            differences(&portal, Some(&holding(2, "basic", 4, "suspended"))),
            ["generation", "plan", "quantity", "status"]
        );
        assert_eq!(
            differences(&portal, Some(&holding(3, "pro", 6, "active"))),
            ["quantity"]
        );
    }

    #[test]
    fn only_started_subscriptions_are_expected_at_the_vendor() {
        assert_eq!(
            vendor_status(SubscriptionState::CancelScheduled),
            Some("active")
        );
        assert_eq!(vendor_status(SubscriptionState::Expired), Some("cancelled"));
        assert_eq!(vendor_status(SubscriptionState::AwaitingProvisioning), None);
    }
}
