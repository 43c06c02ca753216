package io.openwinrm.server.psrp.restricted;

/**
 * The NoLanguage rules a script text must obey in the restricted engine, each with the FullyQualifiedErrorId its
 * refusal carries. PowerShell itself refuses every script of a NoLanguage runspace with {@code ScriptsNotAllowed};
 * this engine accepts the part of the language JEA callers use through {@code ScriptBlock.GetPowerShell} (one
 * pipeline of commands with constant arguments) and names the rule for the rest.
 */
enum NoLanguageRule {
    VARIABLE("VariableReferenceNotAllowed", "variable references are not allowed"),
    SCRIPT_BLOCK("ScriptBlockNotAllowed", "script blocks are not allowed"),
    SUBEXPRESSION("SubExpressionNotAllowed", "subexpressions and array or hash literals are not allowed"),
    EXPRESSION("ExpressionNotAllowed", "expressions are not allowed, only commands with constant arguments"),
    STATEMENT_SEPARATOR("StatementSeparatorNotAllowed",
            "only one pipeline per script is allowed (no ';', no new line between statements)"),
    PIPELINE_CHAIN("PipelineChainNotAllowed", "pipeline chains ('&&', '||') are not allowed"),
    CALL_OPERATOR("CallOperatorNotAllowed", "the call and background operators ('&') are not allowed"),
    DOT_SOURCE("DotSourceNotAllowed", "dot-sourcing is not allowed"),
    REDIRECTION("RedirectionNotAllowed", "redirection is not allowed"),
    STOP_PARSING("StopParsingNotAllowed", "the stop-parsing token '--%' is not allowed"),
    SYNTAX("ParseError", "the script is not a valid command pipeline"),
    TOO_LONG("ScriptTooLong", "the script is too long");

    private final String errorId;
    private final String description;

    NoLanguageRule(String errorId, String description) {
        this.errorId = errorId;
        this.description = description;
    }

    /** The FullyQualifiedErrorId of a refusal under this rule. */
    String errorId() {
        return errorId;
    }

    /** The rule as a sentence fragment, e.g. {@code variable references are not allowed}. */
    String description() {
        return description;
    }
}
