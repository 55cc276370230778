using Loyalty.Core.Integrations;
using Loyalty.Core.Webhooks;
using Loyalty.Core.Imports;
using Loyalty.Core.Audit;
using Loyalty.Core.Contests;
using Loyalty.Core.Campaigns;
using Loyalty.Core.Customers;
using Loyalty.Core.Identity;
using Loyalty.Core.Messaging;
using Loyalty.Core.PartnerCrm;
using Loyalty.Core.Partners;
using Loyalty.Core.Points;
using Loyalty.Core.Pos;
using Loyalty.Core.Programs;
using Loyalty.Core.PromoCodes;
using Loyalty.Core.Referrals;
using Loyalty.Core.Purchases;
using Loyalty.Core.Settlements;
using Loyalty.Core.TopUps;
using Loyalty.Core.Segments;
using Loyalty.Core.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Loyalty.Core.Common;

/// <summary>
/// The unit of work use cases talk to. It is the EF Core context itself (implemented in Loyalty.Data),
/// exposed through an interface so that Core stays free of any database provider. No generic repository
/// sits on top: see docs/decisions/0002-no-generic-repository.md.
/// </summary>
public interface ILoyaltyDb : IAsyncDisposable, IDisposable
{
    DbSet<Partner> Partners { get; }
    DbSet<Store> Stores { get; }
    DbSet<Customer> Customers { get; }
    DbSet<Card> Cards { get; }
    DbSet<Purchase> Purchases { get; }
    DbSet<Pos.AnonymousReceipts> AnonymousReceipts { get; }
    DbSet<AuditEvent> AuditEvents { get; }
    DbSet<AuditChangeValues> AuditChangeValues { get; }
    DbSet<OutgoingMessage> OutgoingMessages { get; }
    DbSet<OneTimeCode> OneTimeCodes { get; }
    DbSet<LedgerAccount> LedgerAccounts { get; }
    DbSet<Transfer> Transfers { get; }
    DbSet<Entry> Entries { get; }
    DbSet<PointLot> PointLots { get; }
    DbSet<PointsDebt> PointsDebts { get; }
    DbSet<Refund> Refunds { get; }
    DbSet<PosTerminal> PosTerminals { get; }
    DbSet<PartnerCategoryRate> PartnerCategoryRates { get; }
    DbSet<PartnerDiscountStep> PartnerDiscountSteps { get; }
    DbSet<IdempotencyRecord> IdempotencyRecords { get; }
    DbSet<ProgramSettings> ProgramSettings { get; }
    DbSet<Tier> Tiers { get; }
    DbSet<Mailing> Mailings { get; }
    DbSet<PartnerSubscription> PartnerSubscriptions { get; }
    DbSet<Product> Products { get; }
    DbSet<CodeApplication> CodeApplications { get; }
    DbSet<CodeBatch> CodeBatches { get; }
    DbSet<PromoCode> PromoCodes { get; }
    DbSet<PromoActivation> PromoActivations { get; }
    DbSet<CodeBlock> CodeBlocks { get; }
    DbSet<GuessCounter> GuessCounters { get; }
    DbSet<MobileOperator> MobileOperators { get; }
    DbSet<Loyalty.Core.Partners.CoalitionCountry> Countries { get; }
    DbSet<Loyalty.Core.Partners.BusinessArea> BusinessAreas { get; }
    DbSet<TopUpRequest> TopUpRequests { get; }
    DbSet<CustomerProfile> CustomerProfiles { get; }
    DbSet<ProfileState> ProfileStates { get; }
    DbSet<Analytics.SalesDay> SalesDays { get; }
    DbSet<Analytics.CategoryDay> CategoryDays { get; }
    DbSet<Analytics.BuyerCount> BuyerCounts { get; }
    DbSet<Analytics.CohortCell> CohortCells { get; }
    DbSet<Analytics.FirstPurchaseDay> FirstPurchaseDays { get; }
    DbSet<Analytics.ClosedDaysBuyers> ClosedDaysBuyers { get; }
    DbSet<RfmSegmentSize> RfmSegmentSizes { get; }
    DbSet<RfmTransition> RfmTransitions { get; }
    DbSet<Segment> Segments { get; }
    DbSet<SegmentMember> SegmentMembers { get; }
    DbSet<Settlement> Settlements { get; }
    DbSet<Counterpart> Counterparts { get; }
    DbSet<CustomerTag> CustomerTags { get; }
    DbSet<SavedCustomerFilter> SavedCustomerFilters { get; }
    DbSet<Contest> Contests { get; }
    DbSet<ContestPrize> ContestPrizes { get; }
    DbSet<ContestEntry> ContestEntries { get; }
    DbSet<ContestWinner> ContestWinners { get; }
    DbSet<ContestEntryList> ContestEntryLists { get; }
    DbSet<Campaign> Campaigns { get; }
    DbSet<CampaignReward> CampaignRewards { get; }
    DbSet<Certificate> Certificates { get; }
    DbSet<VirtualCard> VirtualCards { get; }
    DbSet<Portal.ContentPage> ContentPages { get; }
    DbSet<News.PartnerPost> PartnerPosts { get; }
    DbSet<News.PartnerPostImage> PartnerPostImages { get; }
    DbSet<Reviews.Review> Reviews { get; }
    DbSet<ReferralReward> ReferralRewards { get; }
    DbSet<ReferralCursor> ReferralCursors { get; }
    DbSet<ReferralCode> ReferralCodes { get; }
    DbSet<MemberDevice> MemberDevices { get; }
    DbSet<ApiIntegration> ApiIntegrations { get; }
    DbSet<IntegrationEvent> IntegrationEvents { get; }
    DbSet<WebhookSubscription> WebhookSubscriptions { get; }
    DbSet<WebhookDelivery> WebhookDeliveries { get; }
    DbSet<WebhookAttempt> WebhookAttempts { get; }
    DbSet<DataImport> DataImports { get; }
    DbSet<ImportIssue> ImportIssues { get; }
    DbSet<StagedReceipt> StagedReceipts { get; }
    DbSet<StagedReceiptItem> StagedReceiptItems { get; }
    DbSet<ImportedMember> ImportedMembers { get; }
    DbSet<Integrations.PartnerContact> PartnerContacts { get; }
    DbSet<Ticket> Tickets { get; }
    DbSet<TicketMessage> TicketMessages { get; }
    DbSet<TicketAttachment> TicketAttachments { get; }
    DbSet<CardBatch> CardBatches { get; }
    DbSet<Loyalty.Core.Jobs.JobFiring> JobFirings { get; }

    DatabaseFacade Database { get; }

    ChangeTracker ChangeTracker { get; }

    /// <summary>
    /// Starts a transaction that will write. On SQLite, writers of this process queue on an in-process gate first,
    /// so they wait their turn without polling SQLite's busy lock.
    /// </summary>
    Task<IDbContextTransaction> BeginWriteAsync(CancellationToken cancellationToken = default);

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}

/// <summary>Creates one short-lived unit of work per operation: a Blazor circuit outlives a request.</summary>
public interface ILoyaltyDbFactory
{
    ILoyaltyDb Create();

    /// <summary>True when the database takes one writer at a time (SQLite), so batching writes pays: see <see cref="WriteBatcher"/>.</summary>
    bool HasSingleWriter { get; }
}

public static class LoyaltyDbProvider
{
    /// <summary>
    /// Whether this unit of work runs on SQLite, for the few statements spelled per provider (Core references neither
    /// provider package, so it cannot ask EF's provider extensions).
    /// </summary>
    public static bool IsSqlite(this ILoyaltyDb db) => db.Database.ProviderName?.EndsWith(".Sqlite", StringComparison.Ordinal) == true;
}
