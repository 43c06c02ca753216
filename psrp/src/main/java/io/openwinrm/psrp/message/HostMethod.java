package io.openwinrm.psrp.message;

import java.util.List;
import java.util.Optional;

/**
 * The host methods a server may call on the client's host ([MS-PSRP] 2.2.3.17 Host Method Identifier), with their
 * wire ids (1 - 56) and whether they return nothing (such calls use call id {@link HostCall#VOID_CALL_ID} and get no
 * response).
 */
public enum HostMethod {
    GET_NAME(1, "GetName", false),
    GET_VERSION(2, "GetVersion", false),
    GET_INSTANCE_ID(3, "GetInstanceId", false),
    GET_CURRENT_CULTURE(4, "GetCurrentCulture", false),
    GET_CURRENT_UI_CULTURE(5, "GetCurrentUICulture", false),
    SET_SHOULD_EXIT(6, "SetShouldExit", true),
    ENTER_NESTED_PROMPT(7, "EnterNestedPrompt", true),
    EXIT_NESTED_PROMPT(8, "ExitNestedPrompt", true),
    NOTIFY_BEGIN_APPLICATION(9, "NotifyBeginApplication", true),
    NOTIFY_END_APPLICATION(10, "NotifyEndApplication", true),
    READ_LINE(11, "ReadLine", false),
    READ_LINE_AS_SECURE_STRING(12, "ReadLineAsSecureString", false),
    WRITE_1(13, "Write1", true),
    WRITE_2(14, "Write2", true),
    WRITE_LINE_1(15, "WriteLine1", true),
    WRITE_LINE_2(16, "WriteLine2", true),
    WRITE_LINE_3(17, "WriteLine3", true),
    WRITE_ERROR_LINE(18, "WriteErrorLine", true),
    WRITE_DEBUG_LINE(19, "WriteDebugLine", true),
    WRITE_PROGRESS(20, "WriteProgress", true),
    WRITE_VERBOSE_LINE(21, "WriteVerboseLine", true),
    WRITE_WARNING_LINE(22, "WriteWarningLine", true),
    PROMPT(23, "Prompt", false),
    PROMPT_FOR_CREDENTIAL_1(24, "PromptForCredential1", false),
    PROMPT_FOR_CREDENTIAL_2(25, "PromptForCredential2", false),
    PROMPT_FOR_CHOICE(26, "PromptForChoice", false),
    GET_FOREGROUND_COLOR(27, "GetForegroundColor", false),
    SET_FOREGROUND_COLOR(28, "SetForegroundColor", true),
    GET_BACKGROUND_COLOR(29, "GetBackgroundColor", false),
    SET_BACKGROUND_COLOR(30, "SetBackgroundColor", true),
    GET_CURSOR_POSITION(31, "GetCursorPosition", false),
    SET_CURSOR_POSITION(32, "SetCursorPosition", true),
    GET_WINDOW_POSITION(33, "GetWindowPosition", false),
    SET_WINDOW_POSITION(34, "SetWindowPosition", true),
    GET_CURSOR_SIZE(35, "GetCursorSize", false),
    SET_CURSOR_SIZE(36, "SetCursorSize", true),
    GET_BUFFER_SIZE(37, "GetBufferSize", false),
    SET_BUFFER_SIZE(38, "SetBufferSize", true),
    GET_WINDOW_SIZE(39, "GetWindowSize", false),
    SET_WINDOW_SIZE(40, "SetWindowSize", true),
    GET_WINDOW_TITLE(41, "GetWindowTitle", false),
    SET_WINDOW_TITLE(42, "SetWindowTitle", true),
    GET_MAX_WINDOW_SIZE(43, "GetMaxWindowSize", false),
    GET_MAX_PHYSICAL_WINDOW_SIZE(44, "GetMaxPhysicalWindowSize", false),
    GET_KEY_AVAILABLE(45, "GetKeyAvailable", false),
    READ_KEY(46, "ReadKey", false),
    FLUSH_INPUT_BUFFER(47, "FlushInputBuffer", true),
    SET_BUFFER_CONTENTS_1(48, "SetBufferContents1", true),
    SET_BUFFER_CONTENTS_2(49, "SetBufferContents2", true),
    GET_BUFFER_CONTENTS(50, "GetBufferContents", false),
    SCROLL_BUFFER_CONTENTS(51, "ScrollBufferContents", true),
    PUSH_RUNSPACE(52, "PushRunspace", true),
    POP_RUNSPACE(53, "PopRunspace", true),
    GET_IS_RUNSPACE_PUSHED(54, "GetIsRunspacePushed", false),
    GET_RUNSPACE(55, "GetRunspace", false),
    PROMPT_FOR_CHOICE_MULTIPLE_SELECTION(56, "PromptForChoiceMultipleSelection", false);

    /** Type names PowerShell writes for the {@code mi} enum. */
    public static final List<String> TYPE_NAMES = List.of("System.Management.Automation.Remoting.RemoteHostMethodId",
            "System.Enum", "System.ValueType", "System.Object");

    private final int id;
    private final String dotNetName;
    private final boolean isVoid;

    HostMethod(int id, String dotNetName, boolean isVoid) {
        this.id = id;
        this.dotNetName = dotNetName;
        this.isVoid = isVoid;
    }

    /** The {@code mi} value. */
    public int id() {
        return id;
    }

    /** The name PowerShell writes as the enum's ToString, e.g. {@code ReadLine}. */
    public String dotNetName() {
        return dotNetName;
    }

    /** True if the method returns nothing: no response is sent for it. */
    public boolean isVoid() {
        return isVoid;
    }

    public static Optional<HostMethod> fromId(int id) {
        return id >= 1 && id <= values().length ? Optional.of(values()[id - 1]) : Optional.empty();
    }
}
