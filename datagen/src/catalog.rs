//! The fixed vocabularies of the data: channels, priorities, topics, tags, teams and people.
//! Each list is the dictionary of the matching coded column in [`crate::TicketColumns`].

/// Ticket channels. The last two appear only in the deliberately bad rows.
pub const CHANNELS: &[&str] = &[
    "chat",
    "email",
    "phone",
    "web",
    "social",
    "messaging",
    "sms",
    "fax",
    "carrier pigeon",
];

/// Index of `chat` in [`CHANNELS`].
pub const CHAT: u16 = 0;
/// Index of `email` in [`CHANNELS`].
pub const EMAIL: u16 = 1;
/// Index of `phone` in [`CHANNELS`].
pub const PHONE: u16 = 2;
/// Index of `web` in [`CHANNELS`].
pub const WEB: u16 = 3;
/// Index of `fax` (bad rows only) in [`CHANNELS`].
pub const FAX: u16 = 7;
/// Index of `carrier pigeon` (bad rows only) in [`CHANNELS`].
pub const CARRIER_PIGEON: u16 = 8;

/// Share of tickets per channel, in [`CHANNELS`] order.
pub(crate) const CHANNEL_WEIGHTS: [f64; 7] = [0.30, 0.35, 0.15, 0.10, 0.03, 0.05, 0.02];

/// Ticket priorities.
pub const PRIORITIES: &[&str] = &["low", "normal", "high", "urgent"];

/// Share of tickets per priority.
pub(crate) const PRIORITY_WEIGHTS: [f64; 4] = [0.20, 0.55, 0.18, 0.07];

/// Resolution SLA target per priority, in seconds (72 h, 24 h, 8 h, 4 h).
pub const SLA_SECONDS: [i64; 4] = [72 * 3600, 24 * 3600, 8 * 3600, 4 * 3600];

/// Ticket statuses.
pub const STATUSES: &[&str] = &["new", "open", "pending", "solved", "closed"];

/// Status codes.
pub(crate) mod status {
    pub const NEW: u16 = 0;
    pub const OPEN: u16 = 1;
    pub const PENDING: u16 = 2;
    pub const SOLVED: u16 = 3;
    pub const CLOSED: u16 = 4;
}

/// Tag sets (the `tags` column; tickets of customers without a segment have no tags).
pub const TAG_SETS: &[&str] = &["retail", "retail vip", "wholesale", "wholesale vip", "vip"];

/// When a topic's help-center article was published.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Article {
    /// Published before the data starts.
    Always,
    /// Published at this fraction of the data range (0 = start, 1 = end).
    At(f64),
    /// Never published.
    Never,
}

/// The 40 topics, most frequent first (ticket weight of the topic at rank `r` is `1 / r`), with
/// the publication of their help-center article: 20 topics have one by the end of the range.
pub const TOPICS: &[(&str, Article)] = &[
    ("order status", Article::Always),
    ("refund", Article::Always),
    ("password reset", Article::Always),
    ("billing", Article::Always),
    ("shipping delay", Article::At(0.37)),
    ("return request", Article::Always),
    ("cancel order", Article::Always),
    ("damaged item", Article::At(0.85)),
    ("missing item", Article::Always),
    ("wrong item", Article::Never),
    ("payment failed", Article::At(0.45)),
    ("account access", Article::At(0.55)),
    ("change address", Article::Always),
    ("delivery tracking", Article::Always),
    ("promo code", Article::At(0.75)),
    ("product question", Article::Never),
    ("exchange", Article::Always),
    ("warranty claim", Article::Never),
    ("subscription change", Article::Never),
    ("invoice request", Article::Always),
    ("price match", Article::Never),
    ("gift card", Article::Always),
    ("store pickup", Article::Never),
    ("login issue", Article::Always),
    ("email change", Article::Always),
    ("delete account", Article::Never),
    ("loyalty points", Article::Never),
    ("size guide", Article::Always),
    ("out of stock", Article::Never),
    ("pre-order", Article::Never),
    ("international shipping", Article::Never),
    ("tax exemption", Article::Never),
    ("bulk order", Article::Never),
    ("app bug", Article::Never),
    ("website error", Article::Never),
    ("feedback", Article::Never),
    ("complaint", Article::Never),
    ("privacy request", Article::Never),
    ("partnership inquiry", Article::Never),
    ("other", Article::Never),
];

/// Support teams.
pub const TEAMS: &[&str] = &[
    "Customer Support",
    "Chat Support",
    "Phone Support",
    "Tier 1",
    "Tier 2",
    "Email Support",
];

/// Team codes.
pub(crate) mod team {
    pub const CUSTOMER_SUPPORT: u16 = 0;
    pub const CHAT_SUPPORT: u16 = 1;
    pub const PHONE_SUPPORT: u16 = 2;
    pub const TIER_1: u16 = 3;
    pub const TIER_2: u16 = 4;
    pub const EMAIL_SUPPORT: u16 = 5;
}

/// The lead (manager) of each team, in [`TEAMS`] order.
pub const LEADS: &[&str] = &[
    "Priya Shah",
    "Omar Haddad",
    "Grace Mensah",
    "Victor Almeida",
    "Helen Brooks",
    "Naomi Fraser",
];

/// An agent: name, team code and mean QA score (some agents are consistently better).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Agent {
    /// Full name.
    pub name: &'static str,
    /// Index into [`TEAMS`].
    pub team: u16,
    /// Mean QA score at the start of the range, 0-100.
    pub qa_mean: f64,
}

const fn agent(name: &'static str, team: u16, qa_mean: f64) -> Agent {
    Agent {
        name,
        team,
        qa_mean,
    }
}

/// The agents: the 30 on staff at the start, then the 6 hired to replace leavers (see
/// `staff.rs`). Their order is the dictionary order of the `agent` column.
pub const AGENTS: &[Agent] = &[
    agent("Dana Lee", team::CUSTOMER_SUPPORT, 88.0),
    agent("Marcus Bell", team::CUSTOMER_SUPPORT, 79.0),
    agent("Aisha Khan", team::CUSTOMER_SUPPORT, 91.0),
    agent("Tom Becker", team::CUSTOMER_SUPPORT, 72.0),
    agent("Lucia Romero", team::CUSTOMER_SUPPORT, 84.0),
    agent("Ben Okafor", team::CUSTOMER_SUPPORT, 81.0),
    agent("Hannah Wright", team::CUSTOMER_SUPPORT, 76.0),
    agent("Emma Novak", team::CHAT_SUPPORT, 86.0),
    agent("Jin Park", team::CHAT_SUPPORT, 82.0),
    agent("Sofia Costa", team::CHAT_SUPPORT, 89.0),
    agent("Liam Walsh", team::CHAT_SUPPORT, 74.0),
    agent("Nora Lindqvist", team::CHAT_SUPPORT, 83.0),
    agent("Ravi Patel", team::CHAT_SUPPORT, 80.0),
    agent("Carlos Mendes", team::PHONE_SUPPORT, 85.0),
    agent("Julia Fischer", team::PHONE_SUPPORT, 90.0),
    agent("Kwame Asante", team::PHONE_SUPPORT, 78.0),
    agent("Megan Doyle", team::PHONE_SUPPORT, 70.0),
    agent("Sam Rivera", team::TIER_1, 82.0),
    agent("Chloe Martin", team::TIER_1, 92.0),
    agent("Diego Alvarez", team::TIER_1, 68.0),
    agent("Fatima Noor", team::TIER_1, 77.0),
    agent("Arjun Mehta", team::TIER_2, 90.0),
    agent("Ingrid Larsen", team::TIER_2, 87.0),
    agent("Paul Dubois", team::TIER_2, 83.0),
    agent("Yuki Tanaka", team::EMAIL_SUPPORT, 88.0),
    agent("Ethan Clarke", team::EMAIL_SUPPORT, 75.0),
    agent("Leila Rahimi", team::EMAIL_SUPPORT, 84.0),
    agent("Oscar Nilsson", team::EMAIL_SUPPORT, 71.0),
    agent("Zoe Adams", team::EMAIL_SUPPORT, 86.0),
    agent("Mateo Silva", team::EMAIL_SUPPORT, 80.0),
    agent("Ava Thompson", team::CUSTOMER_SUPPORT, 78.0),
    agent("Noah Garcia", team::CHAT_SUPPORT, 79.0),
    agent("Mia Kowalski", team::CUSTOMER_SUPPORT, 80.0),
    agent("Samuel Osei", team::PHONE_SUPPORT, 81.0),
    agent("Elena Petrova", team::CUSTOMER_SUPPORT, 83.0),
    agent("Lucas Moreau", team::EMAIL_SUPPORT, 77.0),
];

/// Names of all agents in [`AGENTS`] order (the `agent` column's dictionary).
pub const AGENT_NAMES: &[&str] = &[
    "Dana Lee",
    "Marcus Bell",
    "Aisha Khan",
    "Tom Becker",
    "Lucia Romero",
    "Ben Okafor",
    "Hannah Wright",
    "Emma Novak",
    "Jin Park",
    "Sofia Costa",
    "Liam Walsh",
    "Nora Lindqvist",
    "Ravi Patel",
    "Carlos Mendes",
    "Julia Fischer",
    "Kwame Asante",
    "Megan Doyle",
    "Sam Rivera",
    "Chloe Martin",
    "Diego Alvarez",
    "Fatima Noor",
    "Arjun Mehta",
    "Ingrid Larsen",
    "Paul Dubois",
    "Yuki Tanaka",
    "Ethan Clarke",
    "Leila Rahimi",
    "Oscar Nilsson",
    "Zoe Adams",
    "Mateo Silva",
    "Ava Thompson",
    "Noah Garcia",
    "Mia Kowalski",
    "Samuel Osei",
    "Elena Petrova",
    "Lucas Moreau",
];

/// Index of Dana Lee in [`AGENTS`] (follows up on almost every CSAT rating she receives).
pub(crate) const DANA_LEE: u16 = 0;
/// Index of Sam Rivera in [`AGENTS`] (Tier 1; escalates less from 70% of the range on).
pub(crate) const SAM_RIVERA: u16 = 17;

/// Names of the topics in [`TOPICS`] order (the topic columns' dictionary).
pub const TOPIC_NAMES: [&str; 40] = {
    let mut names = [""; 40];
    let mut i = 0;
    while i < 40 {
        names[i] = TOPICS[i].0;
        i += 1;
    }
    names
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_agree() {
        assert_eq!(TOPICS.len(), 40);
        assert_eq!(AGENTS.len(), AGENT_NAMES.len());
        for (a, name) in AGENTS.iter().zip(AGENT_NAMES) {
            assert_eq!(a.name, *name);
        }
        assert_eq!(AGENT_NAMES[usize::from(DANA_LEE)], "Dana Lee");
        assert_eq!(AGENT_NAMES[usize::from(SAM_RIVERA)], "Sam Rivera");
        assert_eq!(TEAMS[usize::from(AGENTS[17].team)], "Tier 1");
        let articles = TOPICS.iter().filter(|(_, a)| *a != Article::Never).count();
        assert_eq!(articles, 20);
        // No value may need CSV quoting.
        let all = CHANNELS
            .iter()
            .chain(PRIORITIES)
            .chain(STATUSES)
            .chain(TAG_SETS)
            .chain(TEAMS)
            .chain(LEADS)
            .chain(AGENT_NAMES)
            .chain(TOPIC_NAMES.iter());
        for v in all {
            assert!(!v.contains([',', '"', '\n']), "{v}");
        }
    }
}
