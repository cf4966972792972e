//! Column-mapping presets for the exports of common help desks. A preset maps the export's
//! column names and values onto the canonical schema (`compiler/src/schema.rs`); anything in
//! `[sources.NAME.columns]` or `.values` overrides or extends it. Export layouts change and
//! vary by account: the documentation (docs/data.md) lists every mapping so it can be checked
//! against a real file, and the runtime names any mapped column the file lacks.

/// An event-log mapping: how update rows become one row per record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PresetEvents {
    /// Source column ordering a record's rows.
    pub order_by: &'static str,
    /// (canonical timestamp, source column tested, values, source time column).
    pub first_reached: &'static [(
        &'static str,
        &'static str,
        &'static [&'static str],
        &'static str,
    )],
    /// (canonical column, source column) taken from the first row.
    pub first_value: &'static [(&'static str, &'static str)],
}

/// A known export layout.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Preset {
    /// Its name in `preset = "..."`.
    pub name: &'static str,
    /// The export it reads.
    pub summary: &'static str,
    /// (canonical column, source column).
    pub columns: &'static [(&'static str, &'static str)],
    /// (canonical timestamp, source duration column, canonical timestamp it follows, unit).
    pub after: &'static [(&'static str, &'static str, &'static str, &'static str)],
    /// (canonical column, source value, canonical value); an empty canonical value is missing.
    pub values: &'static [(&'static str, &'static str, &'static str)],
    /// Texts that mean "missing".
    pub null_values: &'static [&'static str],
    /// chrono format of its timestamps, when not ISO 8601.
    pub timestamp_format: Option<&'static str>,
    /// For event logs.
    pub events: Option<PresetEvents>,
}

const EMPTY: Preset = Preset {
    name: "",
    summary: "",
    columns: &[],
    after: &[],
    values: &[],
    null_values: &[],
    timestamp_format: None,
    events: None,
};

/// Every preset.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "zendesk",
        summary: "Zendesk Support ticket export (CSV)",
        columns: &[
            ("ticket_id", "Id"),
            ("created_at", "Created at"),
            ("solved_at", "Solved at"),
            ("channel", "Via"),
            ("priority", "Priority"),
            ("status", "Status"),
            ("customer", "Requester id"),
            ("agent", "Assignee"),
            ("team", "Group"),
            ("tags", "Tags"),
            ("reopens", "Reopens"),
            ("agent_replies", "Replies"),
            ("csat", "Satisfaction Score"),
        ],
        after: &[(
            "first_response_at",
            "First reply time in minutes",
            "created_at",
            "minutes",
        )],
        values: &[
            ("channel", "Web Form", "web"),
            ("channel", "Web form", "web"),
            ("channel", "Web Widget", "web"),
            ("channel", "Help Center", "web"),
            ("channel", "API", "web"),
            ("channel", "Email", "email"),
            ("channel", "Mail", "email"),
            ("channel", "Chat", "chat"),
            ("channel", "Phone call (inbound)", "phone"),
            ("channel", "Phone call (outbound)", "phone"),
            ("channel", "Voicemail", "phone"),
            ("channel", "Twitter", "social"),
            ("channel", "Facebook", "social"),
            ("channel", "WhatsApp", "messaging"),
            ("channel", "Messaging", "messaging"),
            ("channel", "SMS", "sms"),
            ("csat", "Good", "5"),
            ("csat", "Bad", "1"),
            ("csat", "Offered", ""),
            ("csat", "Unoffered", ""),
        ],
        ..EMPTY
    },
    Preset {
        name: "freshdesk",
        summary: "Freshdesk ticket export (CSV)",
        columns: &[
            ("ticket_id", "Ticket ID"),
            ("created_at", "Created time"),
            ("first_response_at", "Initial response time"),
            ("solved_at", "Resolved time"),
            ("channel", "Source"),
            ("priority", "Priority"),
            ("status", "Status"),
            ("topic", "Type"),
            ("customer", "Contact ID"),
            ("agent", "Agent"),
            ("team", "Group"),
            ("tags", "Tags"),
            ("agent_replies", "Agent interactions"),
            ("sla_met", "Resolution status"),
        ],
        values: &[
            ("channel", "Email", "email"),
            ("channel", "Outbound Email", "email"),
            ("channel", "Portal", "web"),
            ("channel", "Feedback Widget", "web"),
            ("channel", "Phone", "phone"),
            ("channel", "Chat", "chat"),
            ("channel", "WhatsApp", "messaging"),
            ("channel", "Facebook", "social"),
            ("channel", "Twitter", "social"),
            ("priority", "Medium", "normal"),
            ("status", "Resolved", "solved"),
            ("status", "Waiting on Customer", "pending"),
            ("status", "Waiting on Third Party", "pending"),
            ("sla_met", "Within SLA", "true"),
            ("sla_met", "SLA Violated", "false"),
        ],
        ..EMPTY
    },
    Preset {
        name: "intercom",
        summary: "Intercom conversation export (CSV)",
        columns: &[
            ("ticket_id", "Conversation ID"),
            ("created_at", "Conversation started at"),
            ("first_response_at", "Conversation first response at"),
            ("solved_at", "Conversation last closed at"),
            ("channel", "Channel"),
            ("customer", "User ID"),
            ("agent", "Teammate currently assigned"),
            ("team", "Team currently assigned"),
            ("tags", "Conversation tags"),
            ("csat", "Conversation rating"),
            ("reopens", "Times reopened"),
        ],
        values: &[
            ("channel", "Chat", "chat"),
            ("channel", "Messenger", "chat"),
            ("channel", "Email", "email"),
            ("channel", "Phone", "phone"),
            ("channel", "WhatsApp", "messaging"),
            ("channel", "Facebook", "social"),
            ("channel", "Instagram", "social"),
            ("channel", "SMS", "sms"),
        ],
        ..EMPTY
    },
    Preset {
        name: "helpscout",
        summary: "Help Scout conversation export (CSV)",
        columns: &[
            ("ticket_id", "Number"),
            ("created_at", "Created At"),
            ("first_response_at", "First Response At"),
            ("solved_at", "Closed At"),
            ("channel", "Type"),
            ("status", "Status"),
            ("customer", "Customer Email"),
            ("agent", "Assignee"),
            ("team", "Mailbox"),
            ("tags", "Tags"),
            ("csat", "Rating"),
        ],
        values: &[
            ("channel", "Email", "email"),
            ("channel", "Chat", "chat"),
            ("channel", "Phone", "phone"),
            ("status", "Active", "open"),
            ("status", "Closed", "closed"),
            ("status", "Pending", "pending"),
            ("csat", "Great", "5"),
            ("csat", "Okay", "3"),
            ("csat", "Not Good", "1"),
        ],
        ..EMPTY
    },
    Preset {
        name: "servicenow",
        summary: "ServiceNow incident event log (one row per update, CSV)",
        columns: &[
            ("ticket_id", "number"),
            ("created_at", "opened_at"),
            ("solved_at", "resolved_at"),
            ("channel", "contact_type"),
            ("priority", "priority"),
            ("status", "incident_state"),
            ("topic", "category"),
            ("customer", "caller_id"),
            ("agent", "assigned_to"),
            ("team", "assignment_group"),
            ("reopens", "reopen_count"),
            ("reassignments", "reassignment_count"),
            ("sla_met", "made_sla"),
            ("kb_linked", "knowledge"),
        ],
        values: &[
            ("channel", "Phone", "phone"),
            ("channel", "Email", "email"),
            ("channel", "Self service", "web"),
            ("channel", "Direct opening", "web"),
            ("channel", "IVR", "phone"),
            ("priority", "1 - Critical", "urgent"),
            ("priority", "2 - High", "high"),
            ("priority", "3 - Moderate", "normal"),
            ("priority", "4 - Low", "low"),
            ("status", "New", "new"),
            ("status", "Active", "open"),
            ("status", "Awaiting User Info", "pending"),
            ("status", "Awaiting Problem", "pending"),
            ("status", "Awaiting Vendor", "pending"),
            ("status", "Awaiting Evidence", "pending"),
            ("status", "Resolved", "solved"),
            ("status", "Closed", "closed"),
            ("status", "-100", ""),
        ],
        null_values: &["?"],
        timestamp_format: Some("%d/%m/%Y %H:%M"),
        events: Some(PresetEvents {
            order_by: "sys_mod_count",
            first_reached: &[(
                "first_response_at",
                "incident_state",
                &["Active"],
                "sys_updated_at",
            )],
            first_value: &[("initial_topic", "category")],
        }),
        ..EMPTY
    },
];

/// Looks a preset up by name.
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// The preset names, for messages.
pub fn names() -> Vec<&'static str> {
    PRESETS.iter().map(|p| p.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Population;
    use crate::schema::find_column;

    #[test]
    fn presets_map_onto_canonical_ticket_columns() {
        for preset in PRESETS {
            let canonical = preset
                .columns
                .iter()
                .map(|(c, _)| *c)
                .chain(preset.after.iter().map(|(c, ..)| *c))
                .chain(preset.values.iter().map(|(c, ..)| *c));
            for name in canonical {
                assert!(
                    find_column(Population::Tickets, name).is_some(),
                    "{}: {name}",
                    preset.name
                );
            }
            assert!(preset.columns.iter().any(|(c, _)| *c == "ticket_id"));
            assert!(preset.columns.iter().any(|(c, _)| *c == "created_at"));
        }
    }
}
