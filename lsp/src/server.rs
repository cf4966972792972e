//! The protocol loop: the handshake, then one message at a time. Changes only mark the
//! project dirty; once no message is waiting, the diagnostics are brought up to date and those
//! that changed are published (so a burst of keystrokes costs one update).
//!
//! After an edit of open documents the update is `incremental` (milliseconds), and the full
//! `goal check` runs on the `worker` thread; its result replaces the update when nothing
//! changed meanwhile, and is published where it differs. Other changes (files on disk, opening
//! and closing, `goal.toml`) and the first check run the full check in the loop.

use crate::diagnostics::{self, FileDiagnostics};
use crate::project::{Checked, Key, Project, Snapshot};
use crate::worker::{Done, Worker};
use crate::{actions, completion, formatting, hover, incremental, navigation, outline, uri};
use chrono::NaiveDate;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    References, RegisterCapability, Request as _,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionProviderCapability,
    CompletionOptions, CompletionResponse, DidChangeWatchedFilesRegistrationOptions,
    DocumentSymbolResponse, FileSystemWatcher, GlobPattern, GotoDefinitionResponse,
    InitializeParams, InitializeResult, OneOf, PositionEncodingKind, PublishDiagnosticsParams,
    Registration, RegistrationParams, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What the client asked for at start-up.
struct Settings {
    root: Option<PathBuf>,
    today: Option<NaiveDate>,
    watch_files: bool,
}

/// Runs the server on `connection` until `shutdown` and `exit`; an error when the client
/// breaks the protocol or leaves without `shutdown`.
pub fn serve(connection: &Connection) -> Result<(), String> {
    let (id, params) = connection
        .initialize_start()
        .map_err(|e| format!("initialize: {e}"))?;
    let params: InitializeParams =
        serde_json::from_value(params).map_err(|e| format!("initialize parameters: {e}"))?;
    let settings = settings(&params);
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "goal".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| e.to_string())?;
    connection
        .initialize_finish(id, result)
        .map_err(|e| format!("initialize: {e}"))?;
    let mut server = Server {
        connection,
        project: Project::new(settings.root, settings.today),
        checked: Checked::default(),
        dirty: true,
        exact: None,
        worker: Worker::start(),
        checking: false,
        published: BTreeMap::new(),
    };
    if settings.watch_files {
        server.watch_files()?;
    }
    server.run()
}

/// The workspace folder, the fixed day (`initializationOptions.today`, as `goal check --today`)
/// and whether the client can watch files for the server.
fn settings(params: &InitializeParams) -> Settings {
    #[allow(deprecated)] // Older clients send only `rootUri`.
    let root_uri = params.root_uri.as_ref();
    let root = params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .map(|folder| &folder.uri)
        .or(root_uri)
        .and_then(uri::to_path);
    let today = params
        .initialization_options
        .as_ref()
        .and_then(|options| options.get("today"))
        .and_then(|today| today.as_str())
        .and_then(|today| NaiveDate::parse_from_str(today, "%Y-%m-%d").ok());
    let watch_files = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    Settings {
        root,
        today,
        watch_files,
    }
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".into(), ",".into(), "(".into()]),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// What to do after a message.
enum Flow {
    Continue,
    Stop,
}

struct Server<'a> {
    connection: &'a Connection,
    project: Project,
    /// The diagnostics of the project's texts (unless `dirty`): a full check or an update.
    checked: Checked,
    dirty: bool,
    /// The latest full check and what it read: the base of incremental updates.
    exact: Option<(Snapshot, Checked)>,
    worker: Worker,
    /// A full check is running on the worker.
    checking: bool,
    /// What each file's client was last told.
    published: BTreeMap<String, FileDiagnostics>,
}

impl Server<'_> {
    fn run(&mut self) -> Result<(), String> {
        loop {
            self.refresh()?;
            let done = self.worker.done.clone();
            crossbeam_channel::select! {
                recv(self.connection.receiver) -> message => {
                    let message = message
                        .map_err(|_| "the client closed the connection without `exit`".to_owned())?;
                    if let Flow::Stop = self.handle(message)? {
                        return Ok(());
                    }
                    while let Ok(message) = self.connection.receiver.try_recv() {
                        if let Flow::Stop = self.handle(message)? {
                            return Ok(());
                        }
                    }
                }
                recv(done) -> finished => {
                    if let Ok(finished) = finished {
                        self.finished(finished)?;
                    }
                }
            }
        }
    }

    fn send(&self, message: impl Into<Message>) -> Result<(), String> {
        self.connection
            .sender
            .send(message.into())
            .map_err(|_| "the client is gone".to_owned())
    }

    /// Asks the client to report changes of goal files and `goal.toml` on disk.
    fn watch_files(&self) -> Result<(), String> {
        let watchers = ["**/*.goal", "**/goal.toml"]
            .into_iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob.to_owned()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "goal-files".to_owned(),
                method: DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        let request = Request::new(
            RequestId::from("register-watchers".to_owned()),
            RegisterCapability::METHOD.to_owned(),
            params,
        );
        self.send(request)
    }

    /// Brings the diagnostics up to date if anything changed, and publishes what changed.
    fn refresh(&mut self) -> Result<(), String> {
        if !self.dirty {
            return Ok(());
        }
        self.dirty = false;
        let updated = self
            .exact
            .as_ref()
            .and_then(|(base, checked)| incremental::update(base, checked, &self.project));
        match updated {
            Some(checked) => {
                self.checked = checked;
                self.check_in_background();
            }
            None => {
                let (snapshot, checked) = self.project.check();
                self.checked = checked.clone();
                self.exact = Some((snapshot, checked));
            }
        }
        self.publish()
    }

    /// Starts a full check of the project as it is now, unless one is running (then it starts
    /// when that one is done).
    fn check_in_background(&mut self) {
        if self.checking {
            return;
        }
        match self.worker.submit(self.project.snapshot()) {
            Ok(()) => self.checking = true,
            Err(snapshot) => {
                let diagnostics = snapshot.compile();
                let checked = self.project.finish(&snapshot, diagnostics);
                self.checked = checked.clone();
                self.exact = Some((snapshot, checked));
            }
        }
    }

    /// A full check from the worker: the new base, and the diagnostics if the texts it read
    /// are still the project's.
    fn finished(&mut self, (snapshot, diagnostics): Done) -> Result<(), String> {
        self.checking = false;
        let newer = self
            .exact
            .as_ref()
            .is_none_or(|(base, _)| base.generation < snapshot.generation);
        if snapshot.epoch == self.project.epoch() && newer {
            let checked = self.project.finish(&snapshot, diagnostics);
            let current = snapshot.generation == self.project.generation() && !self.dirty;
            self.exact = Some((snapshot, checked.clone()));
            if current {
                self.checked = checked;
                return self.publish();
            }
        }
        if !self.dirty
            && self
                .exact
                .as_ref()
                .is_some_and(|(base, _)| base.generation != self.project.generation())
        {
            self.check_in_background();
        }
        Ok(())
    }

    /// Tells the client the diagnostics of every file that changed since it was last told.
    fn publish(&mut self) -> Result<(), String> {
        let mut current = diagnostics::by_file(&self.project, &self.checked);
        for (uri, old) in &self.published {
            if !current.contains_key(uri) && !old.diagnostics.is_empty() {
                current.insert(
                    uri.clone(),
                    FileDiagnostics {
                        uri: old.uri.clone(),
                        version: None,
                        diagnostics: Vec::new(),
                    },
                );
            }
        }
        for (uri, file) in &current {
            let unchanged = self.published.get(uri) == Some(file);
            let never_told_of_nothing = file.diagnostics.is_empty()
                && file.version.is_none()
                && !self.published.contains_key(uri);
            if unchanged || never_told_of_nothing {
                continue;
            }
            let params = PublishDiagnosticsParams::new(
                file.uri.clone(),
                file.diagnostics.clone(),
                file.version,
            );
            self.send(Notification::new(
                PublishDiagnostics::METHOD.to_owned(),
                params,
            ))?;
        }
        current.retain(|_, file| !(file.diagnostics.is_empty() && file.version.is_none()));
        self.published = current;
        Ok(())
    }

    fn handle(&mut self, message: Message) -> Result<Flow, String> {
        match message {
            Message::Request(request) => {
                let shutdown = self
                    .connection
                    .handle_shutdown(&request)
                    .map_err(|e| format!("shutdown: {e}"))?;
                if shutdown {
                    return Ok(Flow::Stop);
                }
                let response = self.respond(request);
                self.send(response)?;
            }
            Message::Notification(notification) => {
                if notification.method == lsp_types::notification::Exit::METHOD {
                    return Err("`exit` came before `shutdown`".to_owned());
                }
                self.notified(notification);
            }
            // Only the answer to the watcher registration comes back; nothing to do with it.
            Message::Response(_) => {}
        }
        Ok(Flow::Continue)
    }

    fn notified(&mut self, notification: Notification) {
        let method = notification.method.as_str();
        let params = notification.params;
        match method {
            DidOpenTextDocument::METHOD => {
                if let Some(p) = parse::<DidOpenTextDocument>(params) {
                    let doc = p.text_document;
                    self.project.open(doc.uri, doc.text, doc.version);
                    self.dirty = true;
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Some(p) = parse::<DidChangeTextDocument>(params) {
                    let doc = p.text_document;
                    self.dirty |= self
                        .project
                        .change(&doc.uri, p.content_changes, doc.version);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Some(p) = parse::<DidCloseTextDocument>(params) {
                    self.project.close(&p.text_document.uri);
                    self.dirty = true;
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Some(p) = parse::<DidSaveTextDocument>(params) {
                    self.project.reload(&Key::of(&p.text_document.uri));
                    self.dirty = true;
                }
            }
            DidChangeWatchedFiles::METHOD if parse::<DidChangeWatchedFiles>(params).is_some() => {
                self.project.rescan();
                self.dirty = true;
            }
            _ => {}
        }
    }

    fn respond(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            HoverRequest::METHOD => self.answer::<HoverRequest>(request, |s, p| {
                let at = p.text_document_position_params;
                let key = Key::of(&at.text_document.uri);
                let document = s.project.document(&key)?;
                hover::hover(&s.project, &s.checked, &key, document, at.position)
            }),
            Completion::METHOD => self.answer::<Completion>(request, |s, p| {
                let at = p.text_document_position;
                let document = s.project.document(&Key::of(&at.text_document.uri))?;
                let items = completion::complete(&s.project, document, at.position);
                Some(CompletionResponse::Array(items))
            }),
            GotoDefinition::METHOD => self.answer::<GotoDefinition>(request, |s, p| {
                let at = p.text_document_position_params;
                let document = s.project.document(&Key::of(&at.text_document.uri))?;
                let found = navigation::definition(&s.project, document, at.position);
                Some(GotoDefinitionResponse::Array(found))
            }),
            References::METHOD => self.answer::<References>(request, |s, p| {
                let at = p.text_document_position;
                let document = s.project.document(&Key::of(&at.text_document.uri))?;
                let with_declaration = p.context.include_declaration;
                Some(navigation::references(
                    &s.project,
                    document,
                    at.position,
                    with_declaration,
                ))
            }),
            DocumentSymbolRequest::METHOD => {
                self.answer::<DocumentSymbolRequest>(request, |s, p| {
                    let document = s.project.document(&Key::of(&p.text_document.uri))?;
                    Some(DocumentSymbolResponse::Nested(outline::symbols(document)))
                })
            }
            Formatting::METHOD => self.answer::<Formatting>(request, |s, p| {
                let document = s.project.document(&Key::of(&p.text_document.uri))?;
                Some(formatting::format(document))
            }),
            CodeActionRequest::METHOD => self.answer::<CodeActionRequest>(request, |s, p| {
                let wanted = p.context.only.as_ref().is_none_or(|only| {
                    only.iter()
                        .any(|k| CodeActionKind::QUICKFIX.as_str().starts_with(k.as_str()))
                });
                let key = Key::of(&p.text_document.uri);
                let document = s.project.document(&key)?;
                let fixes = if wanted {
                    actions::quick_fixes(&s.project, &s.checked, &key, document, p.range)
                } else {
                    Vec::new()
                };
                Some(
                    fixes
                        .into_iter()
                        .map(CodeActionOrCommand::CodeAction)
                        .collect(),
                )
            }),
            _ => Err(Response::new_err(
                id.clone(),
                ErrorCode::MethodNotFound as i32,
                format!("`{}` is not supported", request.method),
            )),
        };
        result.unwrap_or_else(|error| error)
    }

    /// Answers a request of type `R` with `handle`, after bringing the check up to date;
    /// malformed parameters are an `InvalidParams` error.
    fn answer<R: lsp_types::request::Request>(
        &mut self,
        request: Request,
        handle: impl FnOnce(&Self, R::Params) -> R::Result,
    ) -> Result<Response, Response> {
        let id = request.id.clone();
        let params: R::Params = serde_json::from_value(request.params).map_err(|e| {
            Response::new_err(id.clone(), ErrorCode::InvalidParams as i32, e.to_string())
        })?;
        if let Err(e) = self.refresh() {
            return Err(Response::new_err(id, ErrorCode::InternalError as i32, e));
        }
        Ok(Response::new_ok(id, handle(self, params)))
    }
}

/// The parameters of notification `N`, `None` when malformed (notifications get no answer).
fn parse<N: lsp_types::notification::Notification>(params: serde_json::Value) -> Option<N::Params> {
    serde_json::from_value(params).ok()
}
