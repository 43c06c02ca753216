package io.openwinrm.server.psrp.restricted;

import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.message.HostMethod;
import io.openwinrm.psrp.stream.ErrorRecord;
import java.util.List;

/** What a running command may do besides producing output: write errors, call the client's host, see a stop. */
interface PipelineHost {

    /** An ERROR_RECORD on the pipeline ([MS-PSRP] 2.2.2.20). */
    void error(ErrorRecord record) throws InterruptedException;

    /** A void PIPELINE_HOST_CALL ([MS-PSRP] 2.2.2.27); only called when {@link #hasHost()}. */
    void hostCall(HostMethod method, List<PsValue> parameters) throws InterruptedException;

    /** Whether the client has a host at all ({@code _isHostNull} false in CREATE_PIPELINE's HostInfo). */
    boolean hasHost();

    /** Whether the client's host has a user interface ({@code _isHostUINull} false). */
    boolean hasHostUi();

    /** Whether the pipeline is being stopped: producers check it between objects. */
    boolean stopping();
}
