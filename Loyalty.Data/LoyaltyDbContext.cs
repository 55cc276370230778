using Loyalty.Core.Integrations;
using Loyalty.Core.Webhooks;
using Loyalty.Core.Imports;
using Loyalty.Core.Audit;
using Loyalty.Core.Campaigns;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Identity;
using Loyalty.Core.Messaging;
using Loyalty.Core.PartnerCrm;
using Loyalty.Core.Partners;
using Loyalty.Core.Points;
using Loyalty.Core.Pos;
using Loyalty.Core.Programs;
using Loyalty.Core.PromoCodes;
using Loyalty.Core.Purchases;
using Loyalty.Core.Referrals;
using Loyalty.Core.Settlements;
using Loyalty.Core.Contests;
using Loyalty.Core.Support;
using Loyalty.Core.TopUps;
using Loyalty.Core.Segments;
using Loyalty.Data.Identity;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Loyalty.Data;

/// <summary>
/// The one model for both providers. Each provider has a subclass (<see cref="SqliteLoyaltyDbContext"/>,
/// <see cref="SqlServerLoyaltyDbContext"/>) only so that each keeps its own migrations set.
/// </summary>
public abstract class LoyaltyDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options), ILoyaltyDb, IDataProtectionKeyContext
{
    public DbSet<Partner> Partners => Set<Partner>();
    public DbSet<Store> Stores => Set<Store>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Card> Cards => Set<Card>();
    public DbSet<Purchase> Purchases => Set<Purchase>();
    public DbSet<Loyalty.Core.Pos.AnonymousReceipts> AnonymousReceipts => Set<Loyalty.Core.Pos.AnonymousReceipts>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<AuditChangeValues> AuditChangeValues => Set<AuditChangeValues>();
    public DbSet<OutgoingMessage> OutgoingMessages => Set<OutgoingMessage>();
    public DbSet<OneTimeCode> OneTimeCodes => Set<OneTimeCode>();
    public DbSet<LedgerAccount> LedgerAccounts => Set<LedgerAccount>();
    public DbSet<Transfer> Transfers => Set<Transfer>();
    public DbSet<Entry> Entries => Set<Entry>();
    public DbSet<PointLot> PointLots => Set<PointLot>();
    public DbSet<PointsDebt> PointsDebts => Set<PointsDebt>();
    public DbSet<Refund> Refunds => Set<Refund>();
    public DbSet<PosTerminal> PosTerminals => Set<PosTerminal>();
    public DbSet<PartnerCategoryRate> PartnerCategoryRates => Set<PartnerCategoryRate>();
    public DbSet<PartnerDiscountStep> PartnerDiscountSteps => Set<PartnerDiscountStep>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<ProgramSettings> ProgramSettings => Set<ProgramSettings>();
    public DbSet<Tier> Tiers => Set<Tier>();
    public DbSet<Mailing> Mailings => Set<Mailing>();
    public DbSet<PartnerSubscription> PartnerSubscriptions => Set<PartnerSubscription>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<CodeApplication> CodeApplications => Set<CodeApplication>();
    public DbSet<CodeBatch> CodeBatches => Set<CodeBatch>();
    public DbSet<PromoCode> PromoCodes => Set<PromoCode>();
    public DbSet<PromoActivation> PromoActivations => Set<PromoActivation>();
    public DbSet<CodeBlock> CodeBlocks => Set<CodeBlock>();
    public DbSet<GuessCounter> GuessCounters => Set<GuessCounter>();
    public DbSet<MobileOperator> MobileOperators => Set<MobileOperator>();
    public DbSet<Loyalty.Core.Partners.CoalitionCountry> Countries => Set<Loyalty.Core.Partners.CoalitionCountry>();
    public DbSet<Loyalty.Core.Partners.BusinessArea> BusinessAreas => Set<Loyalty.Core.Partners.BusinessArea>();
    public DbSet<TopUpRequest> TopUpRequests => Set<TopUpRequest>();
    public DbSet<CustomerProfile> CustomerProfiles => Set<CustomerProfile>();
    public DbSet<ProfileState> ProfileStates => Set<ProfileState>();
    public DbSet<Loyalty.Core.Analytics.SalesDay> SalesDays => Set<Loyalty.Core.Analytics.SalesDay>();
    public DbSet<Loyalty.Core.Analytics.CategoryDay> CategoryDays => Set<Loyalty.Core.Analytics.CategoryDay>();
    public DbSet<Loyalty.Core.Analytics.BuyerCount> BuyerCounts => Set<Loyalty.Core.Analytics.BuyerCount>();
    public DbSet<Loyalty.Core.Analytics.CohortCell> CohortCells => Set<Loyalty.Core.Analytics.CohortCell>();
    public DbSet<Loyalty.Core.Analytics.FirstPurchaseDay> FirstPurchaseDays => Set<Loyalty.Core.Analytics.FirstPurchaseDay>();
    public DbSet<Loyalty.Core.Analytics.ClosedDaysBuyers> ClosedDaysBuyers => Set<Loyalty.Core.Analytics.ClosedDaysBuyers>();
    public DbSet<RfmSegmentSize> RfmSegmentSizes => Set<RfmSegmentSize>();
    public DbSet<RfmTransition> RfmTransitions => Set<RfmTransition>();
    public DbSet<Segment> Segments => Set<Segment>();
    public DbSet<SegmentMember> SegmentMembers => Set<SegmentMember>();
    public DbSet<Settlement> Settlements => Set<Settlement>();
    public DbSet<Counterpart> Counterparts => Set<Counterpart>();
    public DbSet<CustomerTag> CustomerTags => Set<CustomerTag>();
    public DbSet<SavedCustomerFilter> SavedCustomerFilters => Set<SavedCustomerFilter>();
    public DbSet<Contest> Contests => Set<Contest>();
    public DbSet<ContestPrize> ContestPrizes => Set<ContestPrize>();
    public DbSet<ContestEntry> ContestEntries => Set<ContestEntry>();
    public DbSet<ContestWinner> ContestWinners => Set<ContestWinner>();
    public DbSet<ContestEntryList> ContestEntryLists => Set<ContestEntryList>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<CampaignReward> CampaignRewards => Set<CampaignReward>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<VirtualCard> VirtualCards => Set<VirtualCard>();
    public DbSet<Loyalty.Core.Portal.ContentPage> ContentPages => Set<Loyalty.Core.Portal.ContentPage>();
    public DbSet<Loyalty.Core.News.PartnerPost> PartnerPosts => Set<Loyalty.Core.News.PartnerPost>();
    public DbSet<Loyalty.Core.News.PartnerPostImage> PartnerPostImages => Set<Loyalty.Core.News.PartnerPostImage>();
    public DbSet<Loyalty.Core.Reviews.Review> Reviews => Set<Loyalty.Core.Reviews.Review>();

    /// <summary>Data Protection's key ring, shared by every node so that a cookie or antiforgery token issued by one is read by all (docs/decisions/0110).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<ReferralReward> ReferralRewards => Set<ReferralReward>();
    public DbSet<ReferralCursor> ReferralCursors => Set<ReferralCursor>();
    public DbSet<ReferralCode> ReferralCodes => Set<ReferralCode>();
    public DbSet<MemberDevice> MemberDevices => Set<MemberDevice>();
    public DbSet<ApiIntegration> ApiIntegrations => Set<ApiIntegration>();
    public DbSet<IntegrationEvent> IntegrationEvents => Set<IntegrationEvent>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
    public DbSet<DataImport> DataImports => Set<DataImport>();
    public DbSet<ImportIssue> ImportIssues => Set<ImportIssue>();
    public DbSet<StagedReceipt> StagedReceipts => Set<StagedReceipt>();
    public DbSet<StagedReceiptItem> StagedReceiptItems => Set<StagedReceiptItem>();
    public DbSet<ImportedMember> ImportedMembers => Set<ImportedMember>();
    public DbSet<Core.Integrations.PartnerContact> PartnerContacts => Set<Core.Integrations.PartnerContact>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<TicketMessage> TicketMessages => Set<TicketMessage>();
    public DbSet<TicketAttachment> TicketAttachments => Set<TicketAttachment>();
    public DbSet<CardBatch> CardBatches => Set<CardBatch>();
    public DbSet<Loyalty.Core.Jobs.JobFiring> JobFirings => Set<Loyalty.Core.Jobs.JobFiring>();

    public virtual Task<IDbContextTransaction> BeginWriteAsync(CancellationToken cancellationToken = default) =>
        Database.BeginTransactionAsync(cancellationToken);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(LoyaltyDbContext).Assembly);
        Configurations.CustomerConfiguration.ConfigureReversedPhone(builder.Entity<Customer>(), Database.IsSqlServer());
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // Every instant is a UTC DateTime: it orders, compares and groups by month the same way on SQLite (which
        // cannot compare DateTimeOffset) and SQL Server. The converter marks values read back as UTC.
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<decimal>().HavePrecision(18, 4);
    }
}
