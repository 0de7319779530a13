// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * exc: firmware that needs the exception model (tests/unit/test_exc.c runs it on the
 * virtual boards). The test puts a scenario number in R0 and the PC at Reset_Handler; each
 * scenario ends on a BKPT with what it saw in `res` (at 0x20000200, exc.ld):
 *  1 SYSTICK   SysTick interrupt every 1000 cycles, counted by its handler, 10 times
 *  2 HARDFAULT a load from an address nothing answers: the HardFault handler reads the
 *              frame (stacked PC = the faulting load, EXC_RETURN) and stops on a BKPT
 *  3 NESTED    IRQ0 (low priority) pends IRQ1 (high): IRQ1 preempts; then IRQ1 and IRQ2
 *              pended with PRIMASK set run back to back, IRQ2 tail-chained
 *  4 SVC       Thread mode on the PSP: SVC, whose handler pends PendSV (lowest priority),
 *              which runs when SVC returns (tail-chained); EXC_RETURN says "Thread, PSP"
 *  5 WFI       as SYSTICK, the core asleep in WFI between ticks
 *  6 FPU       S0-S15 hold values across an interrupt whose handler uses S0-S15 itself
 *  7 GROUPING  AIRCR.PRIGROUP: two priorities in one group do not preempt each other
 *  8 LAZY_USED as FPU with lazy FP stacking (FPCCR.LSPEN = 1, the reset value): IRQ8's
 *              handler records FPCCR/FPCAR and the S0 slot at entry, uses FP (which saves
 *              S0-S15 to FPCAR first), and records them again
 *  9 LAZY_IDLE as LAZY_USED, but IRQ9's handler uses no FP: nothing is written to the
 *              reserved FP area (filled with 0xA5A5A5A5 before), LSPACT clears on return
 * 10 EAGER     FPCCR.LSPEN = 0: the S0 slot of IRQ9's frame holds S0 at handler entry
 * 11 STORM     SysTick with RELOAD 1: pending again before its handler returns, so the
 *              core runs handlers only (bad input: the debugger must still halt it)
 * 12 FLASH_EOP a flash word programmed with EOPIE set, the core asleep in WFI until the
 *              flash controller's end-of-operation interrupt runs its handler (STM32F4:
 *              FLASH IRQ 4; STM32L5: FLASH IRQ 6, non-secure registers); then a second
 *              write to the same, now programmed, word with ERRIE: the error interrupt
 */
#include <stdint.h>

#define REG(a) (*(volatile uint32_t *)(a))
#define REG8(a) (*(volatile uint8_t *)(a))
#define SYST_CSR 0xE000E010u
#define SYST_RVR 0xE000E014u
#define SYST_CVR 0xE000E018u
#define NVIC_ISER0 0xE000E100u
#define NVIC_IPR(n) (0xE000E400u + (n))
#define NVIC_STIR 0xE000EF00u
#define SCB_ICSR 0xE000ED04u
#define SCB_VTOR 0xE000ED08u
#define SCB_AIRCR 0xE000ED0Cu
#define SCB_SHPR3_PENDSV 0xE000ED22u
#define SCB_CPACR 0xE000ED88u
#define FPCCR 0xE000EF34u
#define FPCAR 0xE000EF38u
#define FPCCR_LSPEN (1u << 30)
#define ICSR_PENDSVSET (1u << 28)
#define BAD_ADDRESS 0xD0000000u	/* nothing answers there on the boards tested */

struct results {
	uint32_t ticks;
	uint32_t stacked_pc;	/* HARDFAULT: the PC in the frame */
	uint32_t fault_insn;	/* HARDFAULT: the load that faults */
	uint32_t exc_return;	/* LR at the entry of the handler that records it */
	uint32_t ipsr;		/* IPSR in that handler */
	uint32_t sp_a, sp_b;	/* NESTED: SP in IRQ1 and in IRQ2 (tail-chained: the same frame) */
	uint32_t lr_a, lr_b;	/* NESTED: EXC_RETURN in IRQ1 and in IRQ2 */
	uint32_t fpu_before, fpu_after;	/* FPU: S0 + ... + S15 bits, before and after the interrupt */
	uint32_t nlog;
	char log[32];		/* handlers append a letter each */
	/* LAZY_USED, LAZY_IDLE, EAGER: in the handler, at entry ("in") and after its first FP
	 * instruction ("used"); in Thread mode after the return ("after") */
	uint32_t fpccr_in, fpcar_in, slot_in, frame_in;
	uint32_t fpccr_used, slot_used, slot15_used;
	uint32_t fpccr_after;
	uint32_t counter;	/* STORM: Thread-mode iterations */
	uint32_t flash_irqs;	/* FLASH_EOP: FLASH handler runs */
	uint32_t flash_sr[2];	/* FLASH_EOP: the status register the handler saw, each time */
	uint32_t flash_word;	/* FLASH_EOP: the programmed word, read back */
};
__attribute__((section(".results"))) volatile struct results res;

extern uint32_t _stack_top;
void Reset_Handler(void);
void HardFault_Handler(void);
void SysTick_Handler(void);
void SVC_Handler(void);
void PendSV_Handler(void);
void IRQ0_Handler(void);
void IRQ1_Handler(void);
void IRQ2_Handler(void);
void IRQ3_Handler(void);
void IRQ8_Handler(void);
void IRQ9_Handler(void);
void Default_Handler(void);

void FLASH_IRQHandler(void);

__attribute__((section(".isr_vector"), used)) void (*const vectors[16 + 10])(void) = {
	(void (*)(void))&_stack_top, Reset_Handler, Default_Handler, HardFault_Handler,
	Default_Handler, Default_Handler, Default_Handler, Default_Handler,
	0, 0, 0, SVC_Handler, Default_Handler, 0, PendSV_Handler, SysTick_Handler,
	IRQ0_Handler, IRQ1_Handler, IRQ2_Handler, IRQ3_Handler,
	FLASH_IRQHandler /* IRQ 4: FLASH on STM32F4 */, Default_Handler,
	FLASH_IRQHandler /* IRQ 6: FLASH on STM32L5 */, Default_Handler,
	IRQ8_Handler, IRQ9_Handler,
};

/*
 * The flash controller of the board the build is for: STM32F4 (RM0368 §3.8: KEYR 0x04,
 * SR 0x0C, CR 0x10; one 32-bit word per write at PSIZE x32) for the M4 build, STM32L5
 * with TZEN = 0 (RM0438 §6.9: NSKEYR 0x08, NSSR 0x20, NSCR 0x28; a double-word per
 * program operation) for the M33 build. Both: KEY1/KEY2, EOP bit 0, OPERR bit 1, PG bit
 * 0, EOPIE bit 24, ERRIE bit 25.
 */
#if defined(__ARM_ARCH_7EM__)
#define FLASH_REGS 0x40023C00u
#define FLASH_KEYR (FLASH_REGS + 0x04u)
#define FLASH_SR (FLASH_REGS + 0x0Cu)
#define FLASH_CR (FLASH_REGS + 0x10u)
#define FLASH_CR_PROG ((2u << 8) | 1u)	/* PSIZE x32, PG */
#define FLASH_IRQ 4u
#define FLASH_WORD_ADDR 0x08060000u	/* sector 7, erased */
#define FLASH_WORDS 1u
/* an error: a half-word write at PSIZE x32 (PGPERR, RM0368 §3.8.4) */
#define FLASH_BAD_WRITE() (*(volatile uint16_t *)(FLASH_WORD_ADDR + 4u) = 0)
#elif defined(__ARM_ARCH_8M_MAIN__)
#define FLASH_REGS 0x40022000u
#define FLASH_KEYR (FLASH_REGS + 0x08u)
#define FLASH_SR (FLASH_REGS + 0x20u)
#define FLASH_CR (FLASH_REGS + 0x28u)
#define FLASH_CR_PROG 1u		/* PG */
#define FLASH_IRQ 6u
#define FLASH_WORD_ADDR 0x08040000u	/* bank 2, page 0, erased */
#define FLASH_WORDS 2u
/* an error: the same double-word again, no longer erased, with bits that are not all 0
 * (PROGERR, RM0438 §6.9.6) */
#define FLASH_BAD_WRITE() (REG(FLASH_WORD_ADDR) = 0x87654321u, REG(FLASH_WORD_ADDR + 4u) = 0x87654321u)
#endif
#define FLASH_SR_EOP (1u << 0)
#define FLASH_SR_ERRORS 0x000003FEu	/* OPERR and the error flags of both families */
#define FLASH_CR_EOPIE (1u << 24)
#define FLASH_CR_ERRIE (1u << 25)

static void note(char c)
{
	res.log[res.nlog++ & 31u] = c;
}

static inline uint32_t get_lr(void)
{
	uint32_t lr;
	__asm volatile("mov %0, lr" : "=r"(lr));
	return lr;
}

static inline uint32_t get_sp(void)
{
	uint32_t sp;
	__asm volatile("mov %0, sp" : "=r"(sp));
	return sp;
}

static inline uint32_t get_ipsr(void)
{
	uint32_t v;
	__asm volatile("mrs %0, ipsr" : "=r"(v));
	return v;
}

static inline void done(void)
{
	__asm volatile("bkpt #0");
}

void Default_Handler(void)
{
	note('!');
	done();
	for (;;)
		;
}

void SysTick_Handler(void)
{
	res.ticks++;
}

/* The frame is on the stack EXC_RETURN bit 2 names; hand it and EXC_RETURN to C. */
__attribute__((naked)) void HardFault_Handler(void)
{
	__asm volatile("tst lr, #4\n\t"
		       "ite eq\n\t"
		       "mrseq r0, msp\n\t"
		       "mrsne r0, psp\n\t"
		       "mov r1, lr\n\t"
		       "b hardfault_report\n\t");
}

__attribute__((used)) void hardfault_report(const uint32_t *frame, uint32_t exc_return)
{
	res.stacked_pc = frame[6];
	res.exc_return = exc_return;
	res.ipsr = get_ipsr();
	done();
	for (;;)
		;
}

/* The first instruction is the faulting load: its address is the function's. */
__attribute__((naked, noinline)) uint32_t bad_load(__attribute__((unused)) uint32_t addr)
{
	__asm volatile("ldr r0, [r0]\n\t"
		       "bx lr\n\t");
}

void SVC_Handler(void)
{
	res.exc_return = get_lr();
	res.ipsr = get_ipsr();
	note('s');
	REG(SCB_ICSR) = ICSR_PENDSVSET;	/* lower priority: waits until SVC returns */
	note('t');
}

void PendSV_Handler(void)
{
	note('p');
}

void IRQ0_Handler(void)
{
	note('a');
	REG(NVIC_STIR) = 1;	/* IRQ1: preempts at once if its group priority is higher */
	__asm volatile("dsb\n\tisb" ::: "memory");
	res.exc_return = res.lr_a;	/* IRQ1's, if it ran nested in this handler */
	note('c');
}

/* IRQ1 and IRQ2 have the same shape, so the same prologue: equal SPs mean the same frame. */
void IRQ1_Handler(void)
{
	res.lr_a = get_lr();
	res.sp_a = get_sp();
	note('b');
}

void IRQ2_Handler(void)
{
	res.lr_b = get_lr();
	res.sp_b = get_sp();
	note('d');
}

/* Uses S0-S15 as scratch, the way compiled float code in a handler does. */
__attribute__((naked, noinline)) void clobber_fp(void)
{
	__asm volatile(".fpu fpv4-sp-d16\n\t"
		       "vmov s0, r0\n\t"
		       "vmov s1, r0\n\t"
		       "vmov s15, r0\n\t"
		       "bx lr\n\t");
}

void IRQ3_Handler(void)
{
	clobber_fp();
	note('f');
}

/* IRQ8, IRQ9: the frame is on the MSP (Thread mode runs on it); its address to C. */
__attribute__((naked)) void IRQ8_Handler(void)
{
	__asm volatile("mrs r0, msp\n\t"
		       "movs r1, #1\n\t"
		       "b lazy_report\n\t");
}

__attribute__((naked)) void IRQ9_Handler(void)
{
	__asm volatile("mrs r0, msp\n\t"
		       "movs r1, #0\n\t"
		       "b lazy_report\n\t");
}

/* What lazy FP stacking left at handler entry; with use_fp, also after an FP instruction. */
__attribute__((used)) void lazy_report(uint32_t frame, uint32_t use_fp)
{
	res.frame_in = frame;
	res.fpccr_in = REG(FPCCR);
	res.fpcar_in = REG(FPCAR);
	res.slot_in = REG(frame + 0x20u);
	if (use_fp) {
		clobber_fp();
		res.fpccr_used = REG(FPCCR);
		res.slot_used = REG(frame + 0x20u);
		res.slot15_used = REG(frame + 0x20u + 15u * 4u);
	}
	note(use_fp ? 'u' : 'i');
}

/* Records the status, clears the flags that raised the interrupt (else it would storm). */
void FLASH_IRQHandler(void)
{
#ifdef FLASH_REGS
	uint32_t sr = REG(FLASH_SR);

	res.flash_sr[res.flash_irqs++ & 1u] = sr;
	REG(FLASH_SR) = sr & (FLASH_SR_EOP | FLASH_SR_ERRORS);
	note('F');
#endif
}

#ifdef FLASH_REGS
/* Program the word(s) at FLASH_WORD_ADDR (or make an error) with the given interrupt
 * enables, then sleep until the FLASH handler has run once more (PRIMASK around WFI: no
 * wake-up is lost). */
static void flash_program_and_sleep(uint32_t enables, int bad)
{
	uint32_t seen = res.flash_irqs;

	REG(FLASH_CR) = FLASH_CR_PROG | enables;
	if (bad)
		FLASH_BAD_WRITE();
	else
		for (unsigned i = 0; i < FLASH_WORDS; i++)
			REG(FLASH_WORD_ADDR + 4u * i) = 0x12345678u;
	__asm volatile("cpsid i" ::: "memory");
	while (res.flash_irqs == seen) {
		__asm volatile("wfi\n\tcpsie i\n\tisb\n\tcpsid i" ::: "memory");
	}
	__asm volatile("cpsie i" ::: "memory");
	REG(FLASH_CR) = 0;
}
#endif

static void flash_eop(void)
{
#ifdef FLASH_REGS
	REG(FLASH_KEYR) = 0x45670123u;
	REG(FLASH_KEYR) = 0xCDEF89ABu;
	REG(NVIC_ISER0) = 1u << FLASH_IRQ;
	flash_program_and_sleep(FLASH_CR_EOPIE, 0);
	res.flash_word = REG(FLASH_WORD_ADDR);
	flash_program_and_sleep(FLASH_CR_ERRIE, 1);
#else
	note('?');	/* no flash controller model for this build */
#endif
}

static void systick_every(uint32_t cycles)
{
	REG(SYST_RVR) = cycles - 1;
	REG(SYST_CVR) = 0;
	REG(SYST_CSR) = 7;	/* CLKSOURCE = core, TICKINT, ENABLE */
}

static void nested(void)
{
	REG8(NVIC_IPR(0)) = 0xC0;
	REG8(NVIC_IPR(1)) = 0x40;
	REG8(NVIC_IPR(2)) = 0x40;
	REG(NVIC_ISER0) = 7;
	REG(NVIC_STIR) = 0;	/* a, b (preempts), c */
	__asm volatile("dsb\n\tisb" ::: "memory");
	__asm volatile("cpsid i" ::: "memory");
	REG(NVIC_STIR) = 2;
	REG(NVIC_STIR) = 1;
	__asm volatile("cpsie i" ::: "memory");	/* b, then d tail-chained */
	__asm volatile("dsb\n\tisb" ::: "memory");
	note('e');
}

static uint32_t psp_stack[64] __attribute__((aligned(8)));

static void svc_on_psp(void)
{
	REG8(SCB_SHPR3_PENDSV) = 0xFF;
	__asm volatile("msr psp, %0\n\t"
		       "movs r0, #2\n\t"
		       "msr control, r0\n\t"	/* SPSEL: Thread mode on the PSP */
		       "isb\n\t"
		       "svc #0\n\t"
		       "movs r0, #0\n\t"
		       "msr control, r0\n\t"
		       "isb\n\t"
		       :
		       : "r"(&psp_stack[64])
		       : "r0", "memory");
	note('m');
}

/* The stack below the caller's frame, where the next exception frame goes, set to a pattern. */
__attribute__((noinline)) static void fill_below_sp(void)
{
	volatile uint32_t *sp = (volatile uint32_t *)get_sp();

	for (unsigned i = 1; i <= 128; i++)
		sp[-i] = 0xA5A5A5A5u;
}

/* S0-S15 = 1..16, interrupt irq, then S0 + S1 + S15 (as bits): 19.0 if the frame kept them. */
__attribute__((noinline)) static void fpu_kept(uint32_t irq)
{
	REG(SCB_CPACR) |= 0xFu << 20;
	__asm volatile("dsb\n\tisb");
	REG(NVIC_ISER0) = 1u << irq;
	__asm volatile(".fpu fpv4-sp-d16\n\t"
		       "movs r0, #1\n\t"
		       "vmov s0, r0\n\t"
		       "vcvt.f32.u32 s0, s0\n\t"
		       "vmov.f32 s1, #2.0\n\t"
		       "vmov.f32 s2, #3.0\n\t"
		       "vmov.f32 s3, #4.0\n\t"
		       "vmov.f32 s4, #5.0\n\t"
		       "vmov.f32 s5, #6.0\n\t"
		       "vmov.f32 s6, #7.0\n\t"
		       "vmov.f32 s7, #8.0\n\t"
		       "vmov.f32 s8, #9.0\n\t"
		       "vmov.f32 s9, #10.0\n\t"
		       "vmov.f32 s10, #11.0\n\t"
		       "vmov.f32 s11, #12.0\n\t"
		       "vmov.f32 s12, #13.0\n\t"
		       "vmov.f32 s13, #14.0\n\t"
		       "vmov.f32 s14, #15.0\n\t"
		       "vmov.f32 s15, #16.0\n\t"
		       "vmov r1, s15\n\t"
		       "str r1, [%0]\n\t"		/* fpu_before: S15 as the interrupt comes */
		       "str %3, [%1]\n\t"		/* STIR = irq (IRQ3: clobbers S0, S1, S15) */
		       "dsb\n\t"
		       "isb\n\t"
		       "vadd.f32 s0, s0, s1\n\t"	/* 1 + 2 */
		       "vadd.f32 s0, s0, s15\n\t"	/* + 16 = 19 */
		       "vmov r1, s0\n\t"
		       "str r1, [%2]\n\t"
		       :
		       : "r"(&res.fpu_before), "r"(NVIC_STIR), "r"(&res.fpu_after), "r"(irq)
		       : "r0", "r1", "memory");
	res.fpccr_after = REG(FPCCR);
}

/* PRIGROUP 5: priority bits [7:6] are the group. 0x40 and 0x60 share group 0x40. */
static void grouping(void)
{
	REG(SCB_AIRCR) = 0x05FA0000u | (5u << 8);
	REG8(NVIC_IPR(0)) = 0x60;	/* IRQ0 pends IRQ1 (same group, better subpriority) */
	REG8(NVIC_IPR(1)) = 0x40;
	REG(NVIC_ISER0) = 3;
	REG(NVIC_STIR) = 0;	/* a, c, then b: no preemption within a group */
	__asm volatile("dsb\n\tisb" ::: "memory");
	note('e');
}

__attribute__((noreturn)) static void run(uint32_t scenario)
{
	REG(SCB_VTOR) = (uint32_t)(uintptr_t)vectors;
	switch (scenario) {
	case 1:
		systick_every(1000);
		while (res.ticks < 10)
			;
		break;
	case 2:
		res.fault_insn = (uint32_t)(uintptr_t)bad_load & ~1u;
		bad_load(BAD_ADDRESS);
		break;
	case 3:
		nested();
		break;
	case 4:
		svc_on_psp();
		break;
	case 5:
		systick_every(1000);
		while (res.ticks < 10)
			__asm volatile("wfi");
		break;
	case 6:
		fpu_kept(3);
		break;
	case 7:
		grouping();
		break;
	case 8:
		fpu_kept(8);
		break;
	case 9:
		fill_below_sp();
		fpu_kept(9);
		break;
	case 10:
		REG(FPCCR) &= ~FPCCR_LSPEN;
		fpu_kept(9);
		break;
	case 11:
		systick_every(2);
		for (;;)
			res.counter++;
		break;
	case 12:
		flash_eop();
		break;
	default:
		note('?');
		break;
	}
	REG(SYST_CSR) = 0;
	for (;;)
		done();
}

__attribute__((naked)) void Reset_Handler(void)
{
	__asm volatile("ldr r1, =_stack_top\n\t"
		       "mov sp, r1\n\t"
		       "b run_entry\n\t");
}

__attribute__((used, noreturn)) void run_entry(uint32_t scenario)
{
	run(scenario);
}
