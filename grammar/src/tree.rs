//! A compact, index-based copy of pest's parse: one array of nodes with child and sibling
//! links, built in a single pass over pest's tokens. Walking it costs no reference counting
//! (pest's `Pair`s clone `Rc`s and recount children at every step), which made building the
//! syntax tree cost a third of parsing.

use crate::parser::Rule;
use crate::syntax::Span;
use pest::Token;
use pest::iterators::Pairs;

const NONE: u32 = u32::MAX;

/// The largest input a tree can index.
pub(crate) const MAX_INPUT: usize = u32::MAX as usize;

fn offset(pos: usize) -> u32 {
    u32::try_from(pos).unwrap_or(u32::MAX)
}

#[derive(Debug, Clone, Copy)]
struct Node {
    rule: Rule,
    // Offsets fit in 32 bits: `lower_file` refuses larger inputs before building a tree.
    start: u32,
    end: u32,
    first_child: u32,
    next_sibling: u32,
}

/// The parse as an arena of nodes.
#[derive(Debug)]
pub(crate) struct Tree<'i> {
    input: &'i str,
    nodes: Vec<Node>,
    roots: u32,
}

impl<'i> Tree<'i> {
    /// Copies pest's pairs into an arena.
    pub(crate) fn new(input: &'i str, pairs: Pairs<'i, Rule>) -> Self {
        // About one node per three to four bytes of goal text.
        let mut nodes: Vec<Node> = Vec::with_capacity(input.len() / 3);
        // For each open node: its index and the index of its last child so far.
        let mut open: Vec<(u32, u32)> = Vec::new();
        let mut last_root = NONE;
        let mut roots = NONE;
        for token in pairs.tokens() {
            match token {
                Token::Start { rule, pos } => {
                    let id = u32::try_from(nodes.len()).unwrap_or(NONE);
                    let at = offset(pos.pos());
                    nodes.push(Node {
                        rule,
                        start: at,
                        end: at,
                        first_child: NONE,
                        next_sibling: NONE,
                    });
                    let previous = match open.last_mut() {
                        Some((parent, last_child)) => {
                            let previous = *last_child;
                            if previous == NONE {
                                nodes[*parent as usize].first_child = id;
                            }
                            *last_child = id;
                            previous
                        }
                        None => {
                            let previous = last_root;
                            if previous == NONE {
                                roots = id;
                            }
                            last_root = id;
                            previous
                        }
                    };
                    if previous != NONE {
                        nodes[previous as usize].next_sibling = id;
                    }
                    open.push((id, NONE));
                }
                Token::End { pos, .. } => {
                    if let Some((id, _)) = open.pop() {
                        nodes[id as usize].end = offset(pos.pos());
                    }
                }
            }
        }
        Tree {
            input,
            nodes,
            roots,
        }
    }

    /// The top-level nodes.
    pub(crate) fn roots(&self) -> Children<'_> {
        Children {
            tree: self,
            next: self.roots,
        }
    }
}

/// A node of a [`Tree`]; cheap to copy.
#[derive(Debug, Clone, Copy)]
pub(crate) struct N<'t> {
    tree: &'t Tree<'t>,
    id: u32,
}

impl<'t> N<'t> {
    fn node(&self) -> &'t Node {
        &self.tree.nodes[self.id as usize]
    }

    /// The grammar rule that produced the node.
    pub(crate) fn as_rule(&self) -> Rule {
        self.node().rule
    }

    /// The text the node covers.
    pub(crate) fn as_str(&self) -> &'t str {
        let node = self.node();
        &self.tree.input[node.start as usize..node.end as usize]
    }

    /// The byte span the node covers.
    pub(crate) fn span(&self) -> Span {
        let node = self.node();
        Span::new(node.start as usize, node.end as usize)
    }

    /// The node's children, in order.
    pub(crate) fn into_inner(self) -> Children<'t> {
        Children {
            tree: self.tree,
            next: self.node().first_child,
        }
    }
}

/// The children of a node (or the roots of a tree).
#[derive(Debug, Clone)]
pub(crate) struct Children<'t> {
    tree: &'t Tree<'t>,
    next: u32,
}

impl<'t> Iterator for Children<'t> {
    type Item = N<'t>;

    fn next(&mut self) -> Option<N<'t>> {
        if self.next == NONE {
            return None;
        }
        let node = N {
            tree: self.tree,
            id: self.next,
        };
        self.next = node.node().next_sibling;
        Some(node)
    }
}
