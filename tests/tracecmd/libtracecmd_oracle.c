/* The reference reader, in C because libtracecmd's headers are not C++-clean: every record of a file as
 * trace-cmd's own library returns it, merged across CPUs and instances by tracecmd_iterate_events_multi. */
#include "libtracecmd_oracle_c.h"

#include <stdio.h>

#include <trace-cmd/trace-cmd.h>

struct collect {
	struct tracecmd_input *handles[64];
	const char *names[64];
	int count;
	oracle_record_fn fn;
	void *ctx;
};

static int on_record(struct tracecmd_input *handle, struct tep_record *rec, int cpu, void *data)
{
	struct collect *c = data;
	const char *name = "";

	for (int i = 0; i < c->count; i++)
		if (c->handles[i] == handle)
			name = c->names[i];
	(void)cpu; /* a slot index across handles, not the CPU */
	c->fn(c->ctx, rec->ts, rec->cpu, name, rec->data, rec->size);
	return 0;
}

int oracle_iterate(const char *path, oracle_record_fn fn, void *ctx)
{
	struct collect c = { .count = 1, .fn = fn, .ctx = ctx };
	struct tracecmd_input *top = tracecmd_open(path, TRACECMD_FL_LOAD_NO_PLUGINS);

	if (!top)
		return -1;
	c.handles[0] = top;
	c.names[0] = "";
	for (int i = 0; i < tracecmd_buffer_instances(top) && c.count < 64; i++) {
		c.handles[c.count] = tracecmd_buffer_instance_handle(top, i);
		c.names[c.count] = tracecmd_buffer_instance_name(top, i);
		c.count++;
	}
	tracecmd_iterate_events_multi(c.handles, c.count, on_record, &c);
	for (int i = 1; i < c.count; i++)
		tracecmd_close(c.handles[i]);
	tracecmd_close(top);
	return 0;
}

int oracle_traceid(const char *path, uint64_t *trace_id)
{
	struct tracecmd_input *h = tracecmd_open(path, TRACECMD_FL_LOAD_NO_PLUGINS);

	if (!h)
		return -1;
	*trace_id = tracecmd_get_traceid(h);
	tracecmd_close(h);
	return 0;
}

int oracle_guest(const char *host_path, uint64_t trace_id, char *name, int name_size, int *pids, int max_pids)
{
	struct tracecmd_input *h = tracecmd_open(host_path, TRACECMD_FL_LOAD_NO_PLUGINS);
	const char *guest_name = NULL;
	const int *cpu_pid = NULL;
	int vcpus = 0;

	if (!h)
		return -1;
	if (tracecmd_get_guest_cpumap(h, trace_id, &guest_name, &vcpus, &cpu_pid) < 0) {
		tracecmd_close(h);
		return -1;
	}
	snprintf(name, name_size, "%s", guest_name);
	for (int i = 0; i < vcpus && i < max_pids; i++)
		pids[i] = cpu_pid[i];
	tracecmd_close(h);
	return vcpus;
}
