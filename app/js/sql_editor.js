// The SQL editor for custom_sql models: CodeMirror 6 with SQL highlighting,
// line numbers, bracket matching, undo history, and problems marked at their
// span. Bundled by `cargo xtask build` to /editor/editor.js and imported on
// first use; app/src/editor.rs is its only caller.

import { EditorView, lineNumbers, keymap, highlightActiveLine, drawSelection, highlightActiveLineGutter } from '@codemirror/view';
import { EditorState } from '@codemirror/state';
import { sql, PostgreSQL } from '@codemirror/lang-sql';
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching, indentOnInput } from '@codemirror/language';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { setDiagnostics, lintGutter } from '@codemirror/lint';

const theme = EditorView.theme({
  '&': { fontSize: '13px', minHeight: '160px', backgroundColor: 'var(--bg)', color: 'var(--text)' },
  '&.cm-focused': { outline: '2px solid var(--accent)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 8%, transparent)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border)' },
});

/** Mounts an editor in `parent` holding `text`; `onChange(text)` follows edits. */
//
// The editor lives in a shadow root: CodeMirror then styles it through an
// adopted stylesheet instead of a <style> element, which the page's
// Content-Security-Policy (no 'unsafe-inline') would refuse. Our colours
// reach it through inherited CSS variables.
export function createEditor(host, text, label, onChange) {
  const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const parent = document.createElement('div');
  shadow.replaceChildren(parent);
  const view = new EditorView({
    parent,
    root: shadow,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        sql({ dialect: PostgreSQL }),
        lintGutter(),
        keymap.of([indentWithTab, ...defaultKeymap, ...historyKeymap]),
        EditorView.lineWrapping,
        theme,
        // plaintext-only: when typing replaces a selection across highlighted
        // spans, Chrome would otherwise keep their look with inline style
        // attributes, which the page's CSP blocks (and reports).
        EditorView.contentAttributes.of({ 'aria-label': label, contenteditable: 'plaintext-only' }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return view;
}

/** Replaces the text when it differs (undo, another tab), keeping the cursor in range. */
export function setText(view, text) {
  const current = view.state.doc.toString();
  if (current === text) return;
  const head = Math.min(view.state.selection.main.head, text.length);
  view.dispatch({ changes: { from: 0, to: current.length, insert: text }, selection: { anchor: head } });
}

/** Marks problems, given as JSON [{ line, column, message }] (1-based). */
export function setProblems(view, json) {
  const doc = view.state.doc;
  const diagnostics = JSON.parse(json).map((p) => {
    const line = doc.line(Math.min(Math.max(p.line, 1), doc.lines));
    const from = Math.min(line.from + Math.max(p.column - 1, 0), line.to);
    // Mark to the end of the word at the position, at least one character.
    let to = from;
    while (to < line.to && /[\w.$"]/.test(doc.sliceString(to, to + 1))) to++;
    if (to === from) to = Math.min(from + 1, doc.length);
    return { from, to, severity: 'error', message: p.message };
  });
  view.dispatch(setDiagnostics(view.state, diagnostics));
}

export function destroy(view) {
  view.destroy();
}
