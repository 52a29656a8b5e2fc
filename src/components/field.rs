//! A labelled text input with a hint and an inline error, wired for screen readers.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub error: Option<String>,
    pub value: AttrValue,
    pub on_input: Callback<String>,
    /// `numeric`, `tel`, `text`.
    #[prop_or(AttrValue::Static("text"))]
    pub inputmode: AttrValue,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    #[prop_or_default]
    pub maxlength: Option<u32>,
}

#[function_component(TextField)]
pub fn text_field(props: &TextFieldProps) -> Html {
    let hint_id = format!("{}-hint", props.id);
    let error_id = format!("{}-error", props.id);
    let mut described = Vec::new();
    if props.hint.is_some() {
        described.push(hint_id.clone());
    }
    if props.error.is_some() {
        described.push(error_id.clone());
    }
    let on_input = props.on_input.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        on_input.emit(input.value());
    });
    html! {
        <div class={classes!("field", props.error.is_some().then_some("field-error"))}>
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            { for props.hint.as_ref().map(|h| html! { <p id={hint_id.clone()} class="hint">{ h.clone() }</p> }) }
            { for props.error.as_ref().map(|e| html! { <p id={error_id.clone()} class="error-message">{ e.clone() }</p> }) }
            <input id={props.id.clone()} name={props.id.clone()} type="text" value={props.value.clone()} {oninput}
                inputmode={props.inputmode.clone()} autocomplete={props.autocomplete.clone()}
                maxlength={props.maxlength.map(|m| m.to_string())}
                aria-invalid={props.error.is_some().then_some("true")}
                aria-describedby={(!described.is_empty()).then(|| described.join(" "))} />
        </div>
    }
}
